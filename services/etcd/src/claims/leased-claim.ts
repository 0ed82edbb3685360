import { setTimeout as sleep } from 'node:timers/promises';
import type { Etcd3 } from 'etcd3';
import { grantLease, renewLease, revokeLease } from '../election/lease-ops.ts';
import { holdsUntil, keepaliveEveryMs } from '../election/validity.ts';

export interface LeasedClaimOptions {
  key: string;
  value: string;
  ttlSeconds: number;
  /**
   * Told once when the claim ends without being released: by this host's own clock its lease
   * may have ended, or etcd said it has. Called before the lease is revoked, and synchronously
   * at the deadline, so what runs under the claim can be stopped before another host can claim.
   */
  onLost: (why: string) => void;
}

/**
 * One key held under a lease of its own, taken once by compare-and-swap (created only if
 * absent; no retries: whether to try again is the caller's policy). The holder renews the lease
 * every third of the TTL; a timer at the end of the validity etcd last confirmed (less a margin,
 * see validity.ts) declares the claim lost without asking etcd, as RoleElection steps down.
 */
export class LeasedClaim {
  readonly #client: Etcd3;
  readonly #o: LeasedClaimOptions;
  readonly #lease: string;
  readonly #fence: string;
  readonly #stop = new AbortController();
  #validUntil: number;
  #timer: NodeJS.Timeout | undefined;
  #ended = false;

  private constructor(client: Etcd3, o: LeasedClaimOptions, lease: string, fence: string, validUntil: number) {
    this.#client = client;
    this.#o = o;
    this.#lease = lease;
    this.#fence = fence;
    this.#validUntil = validUntil;
    this.#arm();
    void this.#run();
  }

  /** Claims the key if nobody holds it: the claim, or undefined when another holds it. */
  static async take(client: Etcd3, o: LeasedClaimOptions): Promise<LeasedClaim | undefined> {
    const ttlMs = o.ttlSeconds * 1000;
    const sent = Date.now();
    const lease = await grantLease(client, o.ttlSeconds, ttlMs / 2);
    const key = Buffer.from(o.key);
    try {
      const res = await client.kv.txn(
        {
          compare: [{ key, target: 'Create', result: 'Equal', create_revision: 0 }],
          success: [{ request_put: { key, value: Buffer.from(o.value), lease } }],
          failure: [],
        },
        { deadline: Date.now() + ttlMs / 2 },
      );
      if (!res.succeeded) {
        await revokeLease(client, lease, 1_000);
        return undefined;
      }
      return new LeasedClaim(client, o, lease, res.header.revision, holdsUntil(sent, ttlMs));
    } catch (err) {
      // A put that landed although its answer was lost goes with the lease.
      await revokeLease(client, lease, 1_000);
      throw err;
    }
  }

  /** Whether this host holds the claim now (false once its lease may have ended). */
  held(): boolean {
    return !this.#ended && Date.now() < this.#validUntil;
  }

  /** The key's create revision (a new claim of the same key has another). */
  get fence(): string {
    return this.#fence;
  }

  /** Gives the claim up: the key goes with its lease at once, so another host may claim it. */
  async release(): Promise<void> {
    this.#end();
    await revokeLease(this.#client, this.#lease, 2_000);
  }

  async #run(): Promise<void> {
    const ttlMs = this.#o.ttlSeconds * 1000;
    const signal = this.#stop.signal;
    let wait = keepaliveEveryMs(ttlMs);
    while (!signal.aborted) {
      await sleep(wait, undefined, { signal }).catch(() => {});
      if (signal.aborted) return;
      const sent = Date.now();
      try {
        const deadline = Math.max(300, Math.min(this.#validUntil - sent, keepaliveEveryMs(ttlMs)));
        const remaining = await renewLease(this.#client, this.#lease, deadline);
        if (signal.aborted) return;
        if (remaining <= 0) return this.#lose('etcd says the lease has ended');
        this.#validUntil = holdsUntil(sent, ttlMs);
        this.#arm();
        wait = keepaliveEveryMs(ttlMs);
      } catch {
        // A blip shorter than the TTL changes nothing: try again soon, the timer decides the end.
        wait = Math.min(500, keepaliveEveryMs(ttlMs));
      }
    }
  }

  #arm(): void {
    clearTimeout(this.#timer);
    const left = this.#validUntil - Date.now();
    this.#timer = setTimeout(() => this.#lose(`no lease renewal confirmed for a TTL (${this.#o.ttlSeconds} s)`), left);
  }

  #lose(why: string): void {
    if (this.#ended) return;
    this.#end();
    this.#o.onLost(why);
    void revokeLease(this.#client, this.#lease, 1_000);
  }

  #end(): void {
    this.#ended = true;
    clearTimeout(this.#timer);
    this.#stop.abort();
  }
}
