/**
 * A round-trip estimate in the manner of TCP's retransmission timer (RFC 6298 §2): smoothed RTT
 * and its variation from each sample, the timeout being SRTT + 4·RTTVAR, clamped. It lets a
 * scan of a quiet LAN retry after tens of milliseconds instead of arp-scan's fixed 500 ms.
 */
const ALPHA = 1 / 8;
const BETA = 1 / 4;

export class RttEstimator {
  #srtt: number | undefined;
  #rttvar = 0;
  #samples = 0;

  get samples(): number {
    return this.#samples;
  }

  /** RFC 6298 §2.2 for the first sample, §2.3 for each later one. */
  sample(rttMs: number): void {
    if (!(rttMs >= 0) || !Number.isFinite(rttMs)) return;
    this.#samples++;
    if (this.#srtt === undefined) {
      this.#srtt = rttMs;
      this.#rttvar = rttMs / 2;
      return;
    }
    this.#rttvar = (1 - BETA) * this.#rttvar + BETA * Math.abs(this.#srtt - rttMs);
    this.#srtt = (1 - ALPHA) * this.#srtt + ALPHA * rttMs;
  }

  /** The timeout to use, or `fallback` before any sample; always within [min, max]. */
  timeout(min: number, max: number, fallback: number): number {
    const rto = this.#srtt === undefined ? fallback : this.#srtt + 4 * this.#rttvar;
    return Math.min(max, Math.max(min, rto));
  }
}
