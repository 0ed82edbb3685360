/** Retransmission timing bounds, in milliseconds. */
export interface RtoConfig {
  initialMs: number;
  minMs: number;
  maxMs: number;
}

/**
 * LAN round trips are well under a millisecond, but boot firmware can stall for hundreds of
 * milliseconds while it writes a block to memory-mapped flash; 200 ms keeps spurious resends
 * rare. RFC 6298 §2.1 starts at 1 s.
 */
export const DEFAULT_RTO: RtoConfig = { initialMs: 1000, minMs: 200, maxMs: 10_000 };

/**
 * RFC 6298 round-trip estimator for one transfer: SRTT/RTTVAR smoothing (§2.2, §2.3), doubling
 * on each timeout (§5.5) and clamping. Callers follow Karn's rule (§3): no samples from
 * retransmitted blocks.
 */
export class RtoEstimator {
  readonly #config: RtoConfig;
  #srtt: number | undefined;
  #rttvar = 0;
  #rto: number;

  constructor(config: RtoConfig = DEFAULT_RTO) {
    this.#config = config;
    this.#rto = config.initialMs;
  }

  get rtoMs(): number {
    return this.#rto;
  }

  get srttMs(): number | undefined {
    return this.#srtt;
  }

  sample(rttMs: number): void {
    if (this.#srtt === undefined) {
      this.#srtt = rttMs;
      this.#rttvar = rttMs / 2;
    } else {
      this.#rttvar = 0.75 * this.#rttvar + 0.25 * Math.abs(this.#srtt - rttMs);
      this.#srtt = 0.875 * this.#srtt + 0.125 * rttMs;
    }
    // G (clock granularity) taken as 1 ms.
    this.#rto = this.#clamp(this.#srtt + Math.max(1, 4 * this.#rttvar));
  }

  backoff(): void {
    this.#rto = this.#clamp(this.#rto * 2);
  }

  #clamp(ms: number): number {
    return Math.min(this.#config.maxMs, Math.max(this.#config.minMs, ms));
  }
}
