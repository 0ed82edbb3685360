/**
 * When to send each probe of a scan, as pure data: no sockets, no timers. The shell calls
 * next(now) to learn what to send and when to call again, and answer(target, now) on each
 * reply. Every probe, retries included, spends a token of the send rate; a silent target is
 * asked `tries` times, each wait longer by `backoff` (arp-scan's scheme), the first wait learnt
 * from measured round trips when `adaptive`; replies count until the scan ends, which is
 * `lingerMs` after the last probe at the earliest.
 */
import { Fifo } from '@paddock/wire';
import { RttEstimator } from './rtt-estimator.ts';
import { TokenBucket } from './token-bucket.ts';

export interface RetryPolicy {
  /** Probes per second, retries included. */
  rate: number;
  /** Probes per silent target. */
  tries: number;
  /** First wait before any RTT is measured; the upper bound of learnt waits. */
  timeoutMs: number;
  backoff: number;
  adaptive: boolean;
  /** Lower bound of learnt waits. */
  minTimeoutMs: number;
  /** Listening time after the last probe, so late replies still count. */
  lingerMs: number;
}

export interface Probe {
  target: string;
  /** 1 for the first request, 2 for the first retry, ... */
  attempt: number;
}

interface TargetState {
  attempt: number;
  firstSentAt: number;
  lastSentAt: number;
  answered: boolean;
}

export class ProbeScheduler {
  readonly policy: RetryPolicy;
  readonly #targets: readonly string[];
  readonly #state = new Map<string, TargetState>();
  /** waiting[k]: targets whose attempt k+1 was sent, in send order (so in due order too). */
  readonly #waiting: Fifo<string>[];
  readonly #bucket: TokenBucket;
  readonly #rtt = new RttEstimator();
  #fresh = 0;
  #sent = 0;
  #answered = 0;
  #lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(targets: readonly string[], policy: RetryPolicy, now: number) {
    if (!(policy.tries >= 1) || !(policy.backoff >= 1)) throw new RangeError('tries must be >= 1 and backoff >= 1');
    this.policy = policy;
    this.#targets = targets;
    this.#waiting = Array.from({ length: policy.tries - 1 }, () => new Fifo<string>());
    // A 20 ms burst: smooth enough for a switch, big enough that timers need not fire per frame.
    this.#bucket = new TokenBucket(policy.rate, Math.max(1, Math.ceil(policy.rate / 50)), now);
  }

  get sent(): number {
    return this.#sent;
  }

  get answeredCount(): number {
    return this.#answered;
  }

  /** True when a probe has gone to this target (replies for anything else are unasked). */
  asked(target: string): boolean {
    return this.#state.has(target);
  }

  /** The wait after attempt k (1-based). */
  wait(attempt: number): number {
    const p = this.policy;
    const base = p.adaptive ? this.#rtt.timeout(p.minTimeoutMs, p.timeoutMs, p.timeoutMs) : p.timeoutMs;
    return base * p.backoff ** (attempt - 1);
  }

  /** Records a reply; the RTT from the first request, or undefined when not asked or already answered. */
  answer(target: string, now: number): number | undefined {
    const s = this.#state.get(target);
    if (!s || s.answered) return undefined;
    s.answered = true;
    this.#answered++;
    // Karn's rule (RFC 6298 §3): a reply after a retry may answer either request, so only
    // first-try replies teach the estimator.
    if (s.attempt === 1) this.#rtt.sample(now - s.lastSentAt);
    return now - s.firstSentAt;
  }

  /** Probes due now, and when to call again (undefined: the scan is over). */
  next(now: number): { send: Probe[]; wakeAt: number | undefined } {
    const send: Probe[] = [];
    for (;;) {
      const probe = this.#due(now);
      if (!probe) break;
      if (!this.#bucket.take(now)) break;
      this.#commit(probe, now);
      send.push(probe);
    }
    return { send, wakeAt: this.#wakeAt(now) };
  }

  /** The next probe that may go now (retries first), without taking it. */
  #due(now: number): Probe | undefined {
    for (let k = 0; k < this.#waiting.length; k++) {
      const q = this.#waiting[k]!;
      this.#skipAnswered(q);
      const head = q.peek();
      if (head !== undefined && this.#state.get(head)!.lastSentAt + this.wait(k + 1) <= now) {
        return { target: head, attempt: k + 2 };
      }
    }
    const target = this.#targets[this.#fresh];
    return target === undefined ? undefined : { target, attempt: 1 };
  }

  #commit(probe: Probe, now: number): void {
    if (probe.attempt === 1) {
      this.#fresh++;
      this.#state.set(probe.target, { attempt: 1, firstSentAt: now, lastSentAt: now, answered: false });
    } else {
      this.#waiting[probe.attempt - 2]!.shift();
      const s = this.#state.get(probe.target)!;
      s.attempt = probe.attempt;
      s.lastSentAt = now;
    }
    if (probe.attempt < this.policy.tries) this.#waiting[probe.attempt - 1]!.push(probe.target);
    this.#sent++;
    this.#lastSentAt = now;
  }

  #skipAnswered(q: Fifo<string>): void {
    while (q.length > 0 && this.#state.get(q.peek()!)!.answered) q.shift();
  }

  #wakeAt(now: number): number | undefined {
    if (this.#answered === this.#targets.length) return undefined;
    let at = Number.POSITIVE_INFINITY;
    for (let k = 0; k < this.#waiting.length; k++) {
      const q = this.#waiting[k]!;
      this.#skipAnswered(q);
      const head = q.peek();
      if (head !== undefined) at = Math.min(at, this.#state.get(head)!.lastSentAt + this.wait(k + 1));
    }
    if (this.#fresh < this.#targets.length) at = Math.min(at, now);
    if (at !== Number.POSITIVE_INFINITY) return Math.max(at, this.#bucket.nextAt(now));
    const end = this.#lastSentAt + Math.max(this.policy.lingerMs, this.wait(this.policy.tries));
    return end > now ? end : undefined;
  }
}
