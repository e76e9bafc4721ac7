// CPU accounting over a measured window, from /proc (Linux), for every bench: how much of the
// machine the server, the load generator (this process), PostgreSQL and everything else used. On a shared
// 2-core machine "other" explains outliers.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // CLK_TCK is 100 on Linux

function ticksOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // gone
  }
}

function postgresTicks() {
  let sum = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const t = ticksOf(entry);
    if (t && t.comm.startsWith('postgres')) sum += t.ticks;
  }
  return sum;
}

/** A snapshot to diff with {@link cpuBetween}; null fields where /proc is not there. */
export function cpuSnapshot(serverPid) {
  try {
    const [, ...cols] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = cols.map(Number);
    const usage = process.cpuUsage();
    return {
      at: performance.now(),
      busy: user + nice + system + irq + softirq,
      steal,
      server: ticksOf(serverPid)?.ticks ?? 0,
      loadgen: (usage.user + usage.system) / 1000 / TICK_MS,
      postgres: postgresTicks(),
    };
  } catch {
    return null;
  }
}

/** Cores used per second of wall time, by whom, between two snapshots (null without /proc). */
export function cpuBetween(a, b) {
  if (!a || !b) return null;
  const seconds = (b.at - a.at) / 1000;
  const cores = (ticks) => (ticks * TICK_MS) / 1000 / seconds;
  const server = cores(b.server - a.server);
  const loadgen = cores(b.loadgen - a.loadgen);
  const postgres = cores(b.postgres - a.postgres);
  const busy = cores(b.busy - a.busy);
  return { seconds, server, loadgen, postgres, other: Math.max(0, busy - server - loadgen - postgres), steal: cores(b.steal - a.steal) };
}
