import { stat } from 'node:fs/promises';
import type { Step } from '../plan/step.ts';
import { batchSteps } from './batch.ts';
import type { Exec } from './observe.ts';

/** Where wireguard-go puts each device's control socket (its UAPI; the same path in every network namespace). */
const WG_SOCKETS = '/var/run/wireguard';

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
    const first = c.steps[0]!;
    if ((first.delayMs && !(await pause(first.delayMs, stop))) || stop?.()) {
      result.stopped = true;
      break;
    }
    try {
      if (first.daemon) {
        const since = Date.now();
        result.daemons.push(shell.daemon(c.argv));
        await waitForSocket(c.argv.at(-1)!, since, 5000);
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

/** Waits `ms`, or less when `stop()` says so (then false): more urgent work does not wait for the pause. */
async function pause(ms: number, stop?: () => boolean): Promise<boolean> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (stop?.()) return false;
    await new Promise((r) => setTimeout(r, Math.min(50, end - performance.now())));
  }
  return true;
}

/**
 * wireguard-go creates the device, then its control socket (wg(8)'s way in) a moment after it
 * starts: watched as a file, not by running `wg show` again and again, as process starts are
 * what a busy host (or 50 agents on one) is short of. A socket older than the start is a stale one.
 */
async function waitForSocket(dev: string, since: number, timeoutMs: number): Promise<void> {
  const path = `${WG_SOCKETS}/${dev}.sock`;
  const end = Date.now() + timeoutMs;
  while (((await stat(path).catch(() => undefined))?.mtimeMs ?? 0) < since - 5) {
    if (Date.now() > end) throw new Error(`${path} not there after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
