import type { Change } from '../store/store.ts';

/** What a subscriber gets: batches of changes in commit order, until it leaves or falls behind. */
export interface Subscription extends AsyncIterable<Change[]> {
  close(): void;
}

/**
 * Hands committed changes to every live watcher. Each subscriber has its own queue; one that
 * falls more than `maxPending` changes behind is ended with an error, so a stuck client costs
 * bounded memory and resumes from its last revision instead.
 */
export class ChangeHub {
  readonly #subs = new Set<Sub>();
  readonly #maxPending: number;

  constructor(maxPending = 10_000) {
    this.#maxPending = maxPending;
  }

  publish(changes: Change[]): void {
    if (changes.length === 0) return;
    for (const s of this.#subs) s.push(changes, this.#maxPending);
  }

  subscribe(signal?: AbortSignal): Subscription {
    const sub = new Sub(() => this.#subs.delete(sub));
    this.#subs.add(sub);
    signal?.addEventListener('abort', () => sub.close(), { once: true });
    if (signal?.aborted) sub.close();
    return sub;
  }

  get size(): number {
    return this.#subs.size;
  }
}

export class SubscriberTooSlow extends Error {}

class Sub implements Subscription {
  #queue: Change[][] = [];
  #pending = 0;
  #wake: (() => void) | undefined;
  #closed = false;
  #error: Error | undefined;
  readonly #onClose: () => void;

  constructor(onClose: () => void) {
    this.#onClose = onClose;
  }

  push(changes: Change[], max: number): void {
    if (this.#closed) return;
    this.#pending += changes.length;
    if (this.#pending > max) {
      this.#error = new SubscriberTooSlow(`watcher fell more than ${max} changes behind`);
      this.close();
      return;
    }
    this.#queue.push(changes);
    this.#wake?.();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#onClose();
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Change[]> {
    try {
      for (;;) {
        const next = this.#queue.shift();
        if (next) {
          this.#pending -= next.length;
          yield next;
          continue;
        }
        if (this.#error) throw this.#error;
        if (this.#closed) return;
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        this.#wake = undefined;
      }
    } finally {
      this.close();
    }
  }
}
