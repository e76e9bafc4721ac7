// Bench server child processes (bench/server.mjs, bench/workflows-server.mjs): forked with only the settings
// given (KEYFLOW_* variables of the calling shell are not passed on), talking over IPC: each answers
// 'ready' with its port once it listens, then one message for each message it is sent.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = dirname(fileURLToPath(import.meta.url));

/**
 * The Node flags `npm start` runs Keyflow with (package.json's `start` script), so that the benchmarks
 * measure the server as it is shipped. The baselines run with Node's defaults.
 */
export const KEYFLOW_NODE_FLAGS = (() => {
  const start = JSON.parse(readFileSync(join(BENCH, '..', 'package.json'), 'utf8')).scripts.start;
  const flags = /^node((?:\s+--\S+)*)\s+dist\/main\.js\s/.exec(start);
  if (!flags) throw new Error(`package.json's start script is not "node [--flags] dist/main.js …": ${start}`);
  return flags[1].split(/\s+/).filter(Boolean);
})();

/**
 * Forks `script` (in bench/, or an absolute path) with `env` (and Node's `nodeFlags`), resolves once it
 * listens (its 'ready' message). `launcher` runs Node under another program, e.g.
 * `{ command: 'valgrind', args: ['--tool=callgrind'] }` (bench/instructions.mjs).
 */
export function startChild(script, env = {}, label = script, nodeFlags = [], launcher = null) {
  const node = ['--no-deprecation', ...nodeFlags];
  const child = fork(resolvePath(BENCH, script), [], {
    // Only the settings given here: KEYFLOW_* variables of the calling shell are not passed on.
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KEYFLOW_'))), ...env },
    ...(launcher ? { execPath: launcher.command, execArgv: [...launcher.args, process.execPath, ...node] } : { execArgv: node }),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters = [];
  child.on('message', (m) => {
    const w = waiters.shift();
    if (w) w(m);
  });
  const next = () => new Promise((resolve) => waiters.push(resolve));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${label} exited with code ${code} before it was ready`)));
    next().then((ready) => {
      if (ready.type !== 'ready') return reject(new Error(`${label}: ${ready.message ?? JSON.stringify(ready)}`));
      child.removeAllListeners('exit');
      resolve({
        ...ready,
        url: `http://127.0.0.1:${ready.port}`,
        async request(message) {
          const answer = next();
          child.send(message);
          const m = await answer;
          if (m.type === 'error') throw new Error(m.message);
          return m;
        },
        stop: () =>
          new Promise((res) => {
            if (child.exitCode !== null) return res();
            const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(timer);
              res();
            });
            child.send({ type: 'stop' });
          }),
      });
    });
  });
}
