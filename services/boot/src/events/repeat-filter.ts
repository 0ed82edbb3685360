import type { NewEvent } from './event-log.ts';

/** How long an identical answer counts as the same exchange: DISCOVER to REQUEST takes milliseconds. */
export const REPEAT_WINDOW_MS = 10_000;
/** Recent answers remembered; a fixed ring, so a flood of client MACs costs no memory. */
const RING = 64;

/**
 * One DHCP exchange asks the boot rules twice (the DISCOVER's OFFER, then the REQUEST's ACK)
 * and gets the same answer: recorded once, the timeline shows one answer per exchange. An
 * answer that differs (another file, rule or client), or comes later, is recorded again.
 */
export class RepeatFilter {
  readonly #recent: { key: string; at: number }[] = [];
  readonly #windowMs: number;

  constructor(windowMs = REPEAT_WINDOW_MS) {
    this.#windowMs = windowMs;
  }

  /** True when `e` repeats an answer seen within the window; otherwise remembers it. */
  repeats(e: NewEvent, now: number): boolean {
    const key = JSON.stringify([e.kind, e.mac, e.rule, e.file, e.detail]);
    const seen = this.#recent.find((r) => r.key === key);
    if (seen && now - seen.at < this.#windowMs) return true;
    if (seen) seen.at = now;
    else {
      this.#recent.push({ key, at: now });
      if (this.#recent.length > RING) this.#recent.shift();
    }
    return false;
  }
}
