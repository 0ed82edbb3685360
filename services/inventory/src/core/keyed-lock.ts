/**
 * One operation at a time per key: a power action from the API and the reconciler's own
 * action on the same node must not interleave (on, then off, landing in the wrong order).
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = before.then(() => mine);
    this.#tails.set(key, tail);
    await before;
    try {
      return await fn();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  /** True while an operation on the key runs or waits. */
  busy(key: string): boolean {
    return this.#tails.has(key);
  }
}
