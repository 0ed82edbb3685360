import type { LinkReport } from '@paddock/proto/overlay/v1/overlay.ts';

/** How many recent probes a link is judged on, and how many in a row lost make it down. */
export const WINDOW = 6;
export const DOWN_AFTER = 3;

/** The last probes to one peer: a round trip in microseconds, or undefined for a lost one. */
export class LinkWindow {
  readonly #results: (number | undefined)[] = [];

  push(rttUs: number | undefined): void {
    this.#results.push(rttUs);
    if (this.#results.length > WINDOW) this.#results.shift();
  }

  /** Down once the last DOWN_AFTER probes were all lost; unknown (undefined) before any probe was judged. */
  report(to: string, seenEndpoint: string): LinkReport | undefined {
    if (this.#results.length === 0) return undefined;
    const recent = this.#results.slice(-DOWN_AFTER);
    const up = recent.length < DOWN_AFTER ? recent.some((r) => r !== undefined) : !recent.every((r) => r === undefined);
    const answered = this.#results.filter((r): r is number => r !== undefined);
    const latencyUs = answered.length ? Math.round(answered.reduce((a, b) => a + b, 0) / answered.length) : 0;
    const lossPercent = Math.round((100 * (this.#results.length - answered.length)) / this.#results.length);
    return { to, up, latencyUs: up ? latencyUs : 0, lossPercent, seenEndpoint };
  }
}
