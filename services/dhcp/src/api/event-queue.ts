/**
 * A bounded queue from a synchronous producer (lease commits) to one async consumer (a Watch
 * stream). A consumer that falls more than `limit` events behind is cut off rather than
 * allowed to grow memory without bound; it resumes from its last revision.
 */
export class EventQueue<T> implements AsyncIterable<T> {
  readonly #items: T[] = [];
  readonly #limit: number;
  #wake: (() => void) | undefined;
  #closed = false;
  overflowed = false;

  constructor(limit: number) {
    this.#limit = limit;
  }

  push(item: T): void {
    if (this.#closed) return;
    if (this.#items.length >= this.#limit) {
      this.overflowed = true;
      this.close();
      return;
    }
    this.#items.push(item);
    this.#wake?.();
  }

  close(): void {
    this.#closed = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    while (true) {
      const item = this.#items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.#closed) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
  }
}
