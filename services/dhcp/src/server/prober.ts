import type { Settings } from '../config/settings.ts';
import type { ProbeStatus } from '../policy/types.ts';
import type { DhcpStats } from './stats.ts';

/** What the prober needs from an ICMP socket: netio's IcmpSocket.ping. */
export interface Pinger {
  ping(address: string, timeoutMs: number): Promise<number | null>;
}

interface Entry {
  state: 'clear' | 'in-use' | 'pending';
  at: number;
  settled: Promise<void>;
}

export interface ProberOptions {
  pinger: Pinger | undefined;
  settings: Settings['conflictDetection'];
  stats: DhcpStats;
  /** Called when an address answered: the server quarantines it. */
  onConflict: (address: number) => void;
  /** Free addresses worth probing ahead, next in line for new clients. */
  candidates: (count: number) => number[];
  now?: () => number;
  toText: (address: number) => string;
}

/**
 * Conflict detection without the wait: an ICMP echo to an address before it is handed out
 * (RFC 2131 §2.2 recommends it) costs a timeout when nobody is there, which is the usual case.
 * dnsmasq waits ~3 s per new address at DISCOVER. Here the next few free addresses of every
 * pool are probed ahead, so a DISCOVER is answered at once from already-probed addresses; in a
 * burst that outruns them, the OFFER goes out at once and the probe runs in parallel (the
 * REQUEST waits up to waitMs for it if it is still out). Beyond maxInFlight probes or
 * perSecond, addresses are offered unprobed and counted as skipped.
 */
export class Prober {
  readonly #o: ProberOptions;
  readonly #entries = new Map<number, Entry>();
  #inFlight = 0;
  /** Token bucket for settings.perSecond. */
  #tokens = 0;
  #tokensAt = 0;
  #refill: NodeJS.Immediate | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(o: ProberOptions) {
    this.#o = o;
    if (this.enabled) {
      this.#timer = setInterval(() => this.#tick(), (o.settings.validSeconds * 1000) / 2);
      this.#timer.unref();
    }
  }

  get enabled(): boolean {
    return this.#o.settings.enabled && this.#o.pinger !== undefined;
  }

  #now(): number {
    return this.#o.now?.() ?? Date.now();
  }

  status(address: number): ProbeStatus {
    const e = this.#entries.get(address);
    if (!e) return 'unknown';
    if (e.state !== 'pending' && e.at + this.#o.settings.validSeconds * 1000 <= this.#now()) return 'unknown';
    return e.state;
  }

  /** Resolves when the probe on this address (if any) has an outcome. */
  settled(address: number): Promise<void> {
    return this.#entries.get(address)?.settled ?? Promise.resolve();
  }

  /** Probes an address now, unless disabled, known, or too many are out already. */
  probe(address: number): void {
    if (!this.enabled || this.#closed || this.status(address) !== 'unknown') return;
    if (this.#inFlight >= this.#o.settings.maxInFlight || !this.#takeToken()) {
      this.#o.stats.countProbe('skipped');
      return;
    }
    this.#inFlight++;
    const at = this.#now();
    const settled = this.#o
      .pinger!.ping(this.#o.toText(address), this.#o.settings.timeoutMs)
      .then(
        (rtt) => this.#record(address, rtt === null ? 'clear' : 'in-use'),
        () => this.#record(address, 'failed'),
      )
      .finally(() => this.#inFlight--);
    this.#entries.set(address, { state: 'pending', at, settled });
  }

  #takeToken(): boolean {
    const now = this.#now();
    const rate = this.#o.settings.perSecond;
    this.#tokens = Math.min(rate, this.#tokens + ((now - this.#tokensAt) * rate) / 1000);
    this.#tokensAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens--;
    return true;
  }

  /** After an address is handed out: top up the probed-ahead addresses (coalesced per turn). */
  refillSoon(): void {
    if (!this.enabled || this.#closed || this.#refill) return;
    this.#refill = setImmediate(() => {
      this.#refill = undefined;
      this.#fill();
    });
  }

  #fill(): void {
    for (const address of this.#o.candidates(this.#o.settings.ahead)) this.probe(address);
  }

  #record(address: number, outcome: 'clear' | 'in-use' | 'failed'): void {
    this.#o.stats.countProbe(outcome);
    // A failed send (no route to a relayed subnet) tells nothing: forget it, offer unprobed.
    if (outcome === 'failed') this.#entries.delete(address);
    else this.#entries.set(address, { state: outcome, at: this.#now(), settled: Promise.resolve() });
    if (outcome === 'in-use' && !this.#closed) this.#o.onConflict(address);
  }

  /** Forgets stale results and probes ahead again. */
  #tick(): void {
    const now = this.#now();
    for (const [a, e] of this.#entries) {
      if (e.state !== 'pending' && e.at + this.#o.settings.validSeconds * 1000 <= now) this.#entries.delete(a);
    }
    this.#fill();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    if (this.#refill) clearImmediate(this.#refill);
  }
}
