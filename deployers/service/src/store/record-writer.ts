import type { DeploymentRecord } from './deployment-record.ts';
import type { DeploymentStore } from './deployment-store.ts';

/**
 * Writes records behind the engine, one write at a time: a deployment emits an event per step
 * check, so while a write is under way only each deployment's latest record waits, and the
 * store sees at most one write per deployment per write it finishes. A failed write is
 * reported and the next change of that deployment writes it whole again.
 */
export class RecordWriter {
  readonly #store: DeploymentStore;
  readonly #onError: (id: string, err: unknown) => void;
  readonly #waiting = new Map<string, DeploymentRecord | 'remove'>();
  #draining: Promise<void> | undefined;

  constructor(store: DeploymentStore, onError: (id: string, err: unknown) => void) {
    this.#store = store;
    this.#onError = onError;
  }

  save(r: DeploymentRecord): void {
    this.#queue(r.view.id, r);
  }

  remove(id: string): void {
    this.#queue(id, 'remove');
  }

  /** Resolves once everything queued so far is written (or has failed). */
  async flush(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  #queue(id: string, what: DeploymentRecord | 'remove'): void {
    this.#waiting.delete(id);
    this.#waiting.set(id, what);
    this.#kick();
  }

  #kick(): void {
    if (this.#draining) return;
    this.#draining = this.#drain().finally(() => {
      this.#draining = undefined;
      // Queued after the loop saw nothing left, before this ran.
      if (this.#waiting.size > 0) this.#kick();
    });
  }

  async #drain(): Promise<void> {
    for (let next = this.#take(); next; next = this.#take()) {
      const [id, what] = next;
      try {
        if (what === 'remove') await this.#store.remove(id);
        else await this.#store.save(what);
      } catch (err) {
        this.#onError(id, err);
      }
    }
  }

  #take(): [string, DeploymentRecord | 'remove'] | undefined {
    const first = this.#waiting.entries().next();
    if (first.done) return undefined;
    this.#waiting.delete(first.value[0]);
    return first.value;
  }
}
