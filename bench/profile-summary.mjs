// Summarises a V8 .cpuprofile (from `node bench/run.mjs --profile`): the functions with the most self
// time, and self time grouped by where the code lives (a package, Keyflow's dist/ files, Node internals).
//
//   node bench/profile-summary.mjs <file.cpuprofile> [--top 25]

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
if (positionals.length === 0) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [--top N]');
  process.exit(2);
}
const TOP = Number(values.top);

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Self time per node: each sample is attributed to one node, for the time delta that follows it.
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    const dt = profile.timeDeltas[i + 1] ?? 0;
    self.set(id, (self.get(id) ?? 0) + dt);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);

  const fns = new Map();
  const areas = new Map();
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    const url = callFrame.url.replace(/^file:\/\//, '');
    const where = url ? `${shortPath(url)}:${callFrame.lineNumber + 1}` : '';
    const key = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us);
    const area = areaOf(callFrame.functionName, url);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const idle = areas.get('(idle)') ?? 0;
  const busy = total - idle;
  const pct = (us, of) => `${((100 * us) / of).toFixed(1).padStart(5)}%`;

  console.log(`\n${file}`);
  console.log(`sampled ${(total / 1e6).toFixed(1)} s, of which idle ${(idle / 1e6).toFixed(1)} s; percentages below are of non-idle time (${(busy / 1e6).toFixed(1)} s)\n`);
  console.log('self time by area');
  for (const [area, us] of [...areas].filter(([a]) => a !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`  ${pct(us, busy)}  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${area}`);
  }
  console.log(`\ntop ${TOP} functions by self time`);
  for (const [fn, us] of [...fns].filter(([f]) => !f.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    console.log(`  ${pct(us, busy)}  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${fn}`);
  }
}

function shortPath(url) {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 1);
  return url;
}

function areaOf(functionName, url) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return `pkg ${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return `keyflow ${url.slice(dist + 1).split('/').slice(0, 2).join('/')}`;
  return url;
}
