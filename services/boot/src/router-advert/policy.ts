import { decodeRouterSolicitation, routerAdvertFrame } from './ndp.ts';

/** An answer to send, a counted drop, or undefined for a frame that is no solicitation at all. */
export type SolicitationVerdict = { kind: 'reply'; frame: Uint8Array } | { kind: 'drop'; reason: string } | undefined;

/**
 * A token bucket over answers, pure (the caller says what time it is): `burst` at once, then
 * `perSecond`. Unicast answers are not held to RFC 4861 §6.2.6's 3 s between multicast RAs, but
 * a flood of solicitations must not become a flood of advertisements.
 */
export class AnswerBudget {
  readonly #burst: number;
  readonly #perSecond: number;
  #tokens: number;
  #at = Number.NEGATIVE_INFINITY;

  constructor(burst = 20, perSecond = 10) {
    this.#burst = burst;
    this.#perSecond = perSecond;
    this.#tokens = burst;
  }

  take(nowMs: number): boolean {
    const refill = ((nowMs - this.#at) / 1000) * this.#perSecond;
    this.#tokens = Math.min(this.#burst, this.#tokens + (Number.isFinite(refill) ? Math.max(0, refill) : this.#burst));
    this.#at = nowMs;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/** Answers a valid router solicitation at once, from `ourMac`, while the budget lasts. */
export function answerSolicitation(
  frame: Uint8Array,
  ourMac: string,
  budget: AnswerBudget,
  nowMs: number,
): SolicitationVerdict {
  const rs = decodeRouterSolicitation(frame);
  if (!rs) return undefined;
  if (!rs.ok) return { kind: 'drop', reason: rs.reason };
  if (!budget.take(nowMs)) return { kind: 'drop', reason: 'rate limited' };
  return { kind: 'reply', frame: routerAdvertFrame(ourMac, rs.value) };
}
