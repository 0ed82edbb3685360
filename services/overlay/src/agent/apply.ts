import type { Step } from '../plan/step.ts';
import { batchSteps } from './batch.ts';
import type { Exec } from './observe.ts';

export interface Shell {
  /** Runs to completion (with `input` on stdin); rejects with the command's error output on failure. */
  run(argv: string[], input?: string): Promise<void>;
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
 * Runs steps in order, consecutive ones of a kind in one command (`batchSteps`), stopping at the
 * first failure, or before a command when `stop()` says so (the next run plans from what it
 * then observes).
 */
export async function apply(steps: Step[], shell: Shell, stop?: () => boolean): Promise<Applied> {
  const result: Applied = { done: [], daemons: [] };
  for (const c of batchSteps(steps)) {
    if (stop?.()) {
      result.stopped = true;
      break;
    }
    const first = c.steps[0]!;
    try {
      if (first.daemon) {
        result.daemons.push(shell.daemon(c.argv));
        await waitFor(() => shell.exec(['wg', 'show', c.argv.at(-1)!]), 5000);
      } else {
        await shell.run(c.argv, c.input);
      }
      result.done.push(...c.steps.map((s) => s.what));
    } catch (err) {
      const more = c.steps.length > 1 ? ` (with ${c.steps.length - 1} more in one command)` : '';
      result.error = `${first.what}${more}: ${(err as Error).message}`;
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
