import { StateError } from './agent.ts';

/** Runs passes one at a time; a request during a pass runs one more pass after it, however many came. */
export class Passes {
  #running: Promise<void> | undefined;
  #again = false;
  readonly #run: () => Promise<void>;
  readonly #log: (l: Record<string, unknown>) => void;

  constructor(run: () => Promise<void>, log: (l: Record<string, unknown>) => void) {
    this.#run = run;
    this.#log = log;
  }

  request(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        try {
          await this.#run();
        } catch (err) {
          this.#log({ event: 'pass-failed', error: err instanceof StateError ? err.errors : (err as Error).message });
        }
      } while (this.#again);
      this.#running = undefined;
    })();
  }

  async idle(): Promise<void> {
    await this.#running;
  }
}
