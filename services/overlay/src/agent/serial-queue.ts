/**
 * Runs jobs one at a time, in the order given. The agent's quick path (a peer gone, an endpoint
 * moved) and the writing part of its full passes go through one queue: a pass that read the
 * devices before a member was removed cannot program that member again after the quick path
 * took it out.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #waiting = 0;

  /** Jobs queued behind the one running: a long job may stop early to let them in. */
  get waiting(): number {
    return this.#waiting;
  }

  run<T>(job: () => Promise<T>): Promise<T> {
    this.#waiting++;
    const result = this.#tail.then(() => {
      this.#waiting--;
      return job();
    });
    // The next job starts after this one whatever its outcome; the caller sees the outcome.
    this.#tail = result.catch(() => {});
    return result;
  }

  /** Resolves once every job queued so far has finished. */
  async idle(): Promise<void> {
    for (let tail = this.#tail; ; tail = this.#tail) {
      await tail;
      if (tail === this.#tail) return;
    }
  }
}
