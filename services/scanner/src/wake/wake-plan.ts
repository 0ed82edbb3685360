/**
 * When to resend the magic packet and when to probe, as pure data. Wake-on-LAN has no
 * acknowledgement and a NIC may miss a frame while the machine is still powering down, so the
 * packet goes out a few times; meanwhile the machine is probed (ARP and ICMP) until it answers
 * or the timeout passes.
 */
export interface WakePlanOptions {
  timeoutMs: number;
  /** Offsets from the start at which to (re)send the magic packet. */
  resendAtMs: readonly number[];
  probeEveryMs: number;
}

export const WAKE_DEFAULTS: WakePlanOptions = { timeoutMs: 120_000, resendAtMs: [0, 1000, 3000], probeEveryMs: 500 };

export type WakeStep = { send: boolean; probe: boolean; wakeAt: number } | { expired: true };

export class WakePlan {
  readonly #o: WakePlanOptions;
  readonly #start: number;
  #sends = 0;
  #nextProbe: number;

  constructor(o: WakePlanOptions, now: number) {
    this.#o = o;
    this.#start = now;
    this.#nextProbe = now + o.probeEveryMs;
  }

  next(now: number): WakeStep {
    const elapsed = now - this.#start;
    if (elapsed >= this.#o.timeoutMs) return { expired: true };
    let send = false;
    while (this.#sends < this.#o.resendAtMs.length && this.#o.resendAtMs[this.#sends]! <= elapsed) {
      send = true;
      this.#sends++;
    }
    const probe = now >= this.#nextProbe;
    if (probe) this.#nextProbe = now + this.#o.probeEveryMs;
    const resend = this.#o.resendAtMs[this.#sends];
    const wakeAt = Math.min(
      this.#nextProbe,
      this.#start + this.#o.timeoutMs,
      resend === undefined ? Number.POSITIVE_INFINITY : this.#start + resend,
    );
    return { send, probe, wakeAt };
  }
}
