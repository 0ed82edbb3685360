import { StateError } from './agent.ts';
import type { SerialQueue } from './serial-queue.ts';

/**
 * Full passes on the agent's queue: one queued at a time, so however many requests come while a
 * pass runs or waits, one more pass follows, reading the state as it is then.
 */
export class Passes {
  #queued = false;
  readonly #queue: SerialQueue;
  readonly #run: () => Promise<void>;
  readonly #log: (l: Record<string, unknown>) => void;

  constructor(queue: SerialQueue, run: () => Promise<void>, log: (l: Record<string, unknown>) => void) {
    this.#queue = queue;
    this.#run = run;
    this.#log = log;
  }

  request(): void {
    if (this.#queued) return;
    this.#queued = true;
    void this.#queue.run(async () => {
      this.#queued = false;
      try {
        await this.#run();
      } catch (err) {
        this.#log({ event: 'pass-failed', error: err instanceof StateError ? err.errors : (err as Error).message });
      }
    });
  }
}
