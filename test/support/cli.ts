import { vi } from 'vitest';
import { run } from '../../src/cli/program.js';

export interface CliResult {
  out: string;
  err: string;
  /** The code given to process.exit, or null when the command returned normally. */
  exitCode: number | null;
}

export interface RunningCli {
  /** What the command printed so far. */
  output(): { out: string; err: string };
  done: Promise<CliResult>;
}

/**
 * Starts the CLI in-process with the given environment, capturing what it prints; `done` settles when
 * the command returns or calls process.exit. For commands that run until stopped (`logs tail`).
 */
export function startKeyflow(args: string[], env: Record<string, string>): RunningCli {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let out = '';
  let err = '';
  let exitCode: number | null = null;
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const writeErr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
    exitCode = code ?? 0;
    throw new Error(`exit ${code}`);
  }) as never);
  const done = (async () => {
    try {
      await run(['node', 'keyflow', ...args]);
    } catch (e) {
      if (exitCode === null) throw e;
    } finally {
      write.mockRestore();
      writeErr.mockRestore();
      exit.mockRestore();
      process.env = saved;
    }
    return { out, err, exitCode };
  })();
  return { output: () => ({ out, err }), done };
}

/** Runs the CLI in-process with the given environment and returns what it printed. */
export function keyflow(args: string[], env: Record<string, string>): Promise<CliResult> {
  return startKeyflow(args, env).done;
}
