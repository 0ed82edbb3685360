/** A token bucket (RFC 2697's idea, one rate): `rate` tokens a second, at most `burst` saved up. */
export class TokenBucket {
  readonly rate: number;
  readonly burst: number;
  #tokens: number;
  #at: number;

  constructor(rate: number, burst: number, now: number) {
    if (!(rate > 0) || !(burst >= 1)) throw new RangeError(`rate must be > 0 and burst >= 1 (got ${rate}, ${burst})`);
    this.rate = rate;
    this.burst = burst;
    this.#tokens = burst;
    this.#at = now;
  }

  #refill(now: number): void {
    if (now > this.#at) this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#at) * this.rate) / 1000);
    this.#at = Math.max(this.#at, now);
  }

  /** Takes one token if there is one. */
  take(now: number): boolean {
    this.#refill(now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** When the next whole token will be there. */
  nextAt(now: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? now : now + ((1 - this.#tokens) * 1000) / this.rate;
  }
}
