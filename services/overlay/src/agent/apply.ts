import type { Step } from '../plan/step.ts';
import type { Exec } from './observe.ts';

export interface Shell {
  /** Runs to completion; rejects with the command's error output on failure. */
  run(argv: string[]): Promise<void>;
  /** Starts a process that outlives the agent; returns its pid. */
  daemon(argv: string[]): number;
  /** Reads like observe() does. */
  exec: Exec;
}

export interface Applied {
  done: string[];
  daemons: number[];
  error?: string;
  /** Stopped before the end because `stop` asked (more urgent work waits); the next pass plans again. */
  stopped?: boolean;
}

/**
 * Runs steps in order, stopping at the first failure, or before a step when `stop()` says so
 * (the next run plans from what it then observes).
 */
export async function apply(steps: Step[], shell: Shell, stop?: () => boolean): Promise<Applied> {
  const result: Applied = { done: [], daemons: [] };
  for (const s of steps) {
    if (stop?.()) {
      result.stopped = true;
      break;
    }
    try {
      if (s.daemon) {
        result.daemons.push(shell.daemon(s.argv));
        await waitFor(() => shell.exec(['wg', 'show', s.argv.at(-1)!]), 5000);
      } else {
        await shell.run(s.argv);
      }
      result.done.push(s.what);
    } catch (err) {
      result.error = `${s.what}: ${(err as Error).message}`;
      break;
    }
  }
  return result;
}

/** wireguard-go creates the device and its control socket a moment after it starts. */
async function waitFor(probe: () => Promise<string | undefined>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while ((await probe()) === undefined) {
    if (Date.now() > end) throw new Error(`not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
