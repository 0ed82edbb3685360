import { PaddockError } from '@paddock/runtime';

/**
 * One queue per BMC: calls to the same BMC run one after another (BMCs allow few sessions and
 * dislike concurrent ones), calls to different BMCs never wait for each other. A call waiting
 * behind a slow one gives up after `waitMs` rather than piling up.
 */
export class BmcQueue {
  readonly #tails = new Map<string, Promise<unknown>>();
  readonly #pending = new Map<string, number>();

  /** Whether a call to this BMC is running or waiting. */
  isBusy(key: string): boolean {
    return (this.#pending.get(key) ?? 0) > 0;
  }

  run<T>(key: string, waitMs: number, fn: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(key) ?? Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), waitMs);
    });
    const turn = Promise.race([
      before.then(
        () => 'go' as const,
        () => 'go' as const,
      ),
      waited,
    ]);
    const result = turn.then((t) => {
      clearTimeout(timer);
      if (t === 'timeout')
        throw new PaddockError(
          'unavailable',
          `BMC ${key}: busy with an earlier call for over ${Math.round(waitMs / 1000)} s; try again`,
        );
      return fn();
    });
    // The next call waits for this one to end, however it ends (and for whatever it waited on).
    const tail = Promise.all([before.catch(() => {}), result.catch(() => {})]);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    this.#pending.set(key, (this.#pending.get(key) ?? 0) + 1);
    // Counted down before the caller resumes, so its next call sees the BMC free.
    return result.finally(() => {
      const n = (this.#pending.get(key) ?? 1) - 1;
      if (n > 0) this.#pending.set(key, n);
      else this.#pending.delete(key);
    });
  }
}
