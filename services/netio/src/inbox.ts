/**
 * A bounded FIFO with async iteration. When the consumer falls behind, new items are dropped
 * and counted instead of queued, so a flood of frames cannot grow memory without limit.
 */
export class Inbox<T> implements AsyncIterableIterator<T> {
  readonly #limit: number;
  readonly #items: T[] = [];
  #waiter: ((r: IteratorResult<T>) => void) | undefined;
  #closed = false;
  #dropped = 0;
  readonly #onReturn: () => void;

  /** `onReturn` runs once when iteration ends (break, return or close). */
  constructor(limit: number, onReturn: () => void = () => {}) {
    if (!(limit >= 1)) throw new RangeError(`queue limit must be at least 1, got ${limit}`);
    this.#limit = limit;
    this.#onReturn = onReturn;
  }

  get dropped(): number {
    return this.#dropped;
  }

  get size(): number {
    return this.#items.length;
  }

  /** Queues an item; returns false (and counts a drop) when the queue is full or closed. */
  push(item: T): boolean {
    if (this.#closed) return false;
    if (this.#waiter) {
      const w = this.#waiter;
      this.#waiter = undefined;
      w({ value: item, done: false });
      return true;
    }
    if (this.#items.length >= this.#limit) {
      this.#dropped++;
      return false;
    }
    this.#items.push(item);
    return true;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#items.length > 0) return Promise.resolve({ value: this.#items.shift() as T, done: false });
    if (this.#closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }

  /** Ends iteration; items already queued are discarded. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#items.length = 0;
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.({ value: undefined, done: true });
    this.#onReturn();
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
