/**
 * Calls `fire` once requests stop coming for `quietMs`, and at the latest `maxMs` after the first
 * request of a burst. Members joining together reach a node as a stream of Watch messages (a
 * member and a path per peer each): a pass taken at the first of them programs a few peers and is
 * followed by another for the rest, each reading every device again, where one pass after the
 * stream pauses programs them all.
 */
export class Settle {
  readonly #fire: () => void;
  readonly #quietMs: number;
  readonly #maxMs: number;
  #timer: NodeJS.Timeout | undefined;
  #first = 0;
  #waiting: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(fire: () => void, quietMs: number, maxMs: number) {
    this.#fire = fire;
    this.#quietMs = quietMs;
    this.#maxMs = maxMs;
  }

  request(): void {
    const now = performance.now();
    if (!this.#waiting) {
      this.#first = now;
      this.#waiting = Promise.withResolvers<void>();
    }
    clearTimeout(this.#timer);
    const wait = Math.max(0, Math.min(this.#quietMs, this.#first + this.#maxMs - now));
    this.#timer = setTimeout(() => {
      const w = this.#waiting;
      this.#waiting = undefined;
      this.#timer = undefined;
      this.#fire();
      w?.resolve();
    }, wait);
  }

  get pending(): boolean {
    return this.#waiting !== undefined;
  }

  /** Resolves once no request waits (the last one fired). */
  async idle(): Promise<void> {
    await this.#waiting?.promise;
  }
}
