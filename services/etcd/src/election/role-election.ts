import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Etcd3 } from 'etcd3';
import { grantLease, renewLease, revokeLease } from './lease-ops.ts';
import { encodeHolder, roleKey } from './role-key.ts';
import { holdsUntil, keepaliveEveryMs } from './validity.ts';

export interface RoleElectionOptions {
  prefix: string;
  role: string;
  /** This server's id, written as the holder. */
  server: string;
  ttlSeconds: number;
  /** How often a server that does not hold the role tries for it. Default 500 ms. */
  pollMs?: number;
  /** Told each time the role is taken or lost, with the reason. */
  onChange?: (held: boolean, why: string) => void;
}

/**
 * A singleton role held under an etcd lease: the role's key is created (only if absent) with
 * this server's lease attached; whoever created it holds the role until its lease ends. The
 * holder renews the lease every third of the TTL and stops acting as holder on its own, without
 * asking etcd, once a TTL (less a margin) has passed since the last renewal etcd confirmed: by
 * then another server may hold it. A killed holder's lease ends after the TTL and its key goes
 * with it; the others try every `pollMs`, so one of them holds the role within TTL + pollMs.
 */
export class RoleElection {
  readonly #client: Etcd3;
  readonly #o: Required<Omit<RoleElectionOptions, 'onChange'>> & Pick<RoleElectionOptions, 'onChange'>;
  readonly #stop = new AbortController();
  #lease: string | undefined;
  #validUntil = 0;
  #fence: string | undefined;
  #done: Promise<void> | undefined;
  #retry = false;

  constructor(client: Etcd3, o: RoleElectionOptions) {
    this.#client = client;
    this.#o = { pollMs: 500, ...o };
  }

  get role(): string {
    return this.#o.role;
  }

  /** Whether this server holds the role now (false once the lease may have ended). */
  held(): boolean {
    return this.#fence !== undefined && Date.now() < this.#validUntil;
  }

  /** The role key's create revision while held: compare it in writes made as holder. */
  fence(): string | undefined {
    return this.held() ? this.#fence : undefined;
  }

  /** A txn compare that fails once another server has held the role since. */
  fenceCompare() {
    const fence = this.fence();
    if (fence === undefined) throw new Error(`not the holder of ${this.#o.role}`);
    const key = Buffer.from(roleKey(this.#o.prefix, this.#o.role));
    return { key, target: 'Create' as const, result: 'Equal' as const, create_revision: fence };
  }

  /**
   * Writes `key` only if this server still holds the role under the same fence (one etcd
   * transaction): false once another server has held it since, whatever this one believes.
   */
  async fencedPut(key: string, value: string, deadlineMs = 5_000): Promise<boolean> {
    if (!this.held()) return false;
    const res = await this.#client.kv.txn(
      {
        compare: [this.fenceCompare()],
        success: [{ request_put: { key: Buffer.from(key), value: Buffer.from(value) } }],
        failure: [],
      },
      { deadline: Date.now() + deadlineMs },
    );
    return res.succeeded;
  }

  start(): this {
    this.#done ??= this.#run();
    return this;
  }

  /** Resigns: the key and lease are deleted, so another server takes the role at once. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#done;
    const lease = this.#lease;
    if (lease) await revokeLease(this.#client, lease, 2_000);
    this.#setHeld(undefined, 'resigned at shutdown');
  }

  async #run(): Promise<void> {
    const signal = this.#stop.signal;
    const ttlMs = this.#o.ttlSeconds * 1000;
    while (!signal.aborted) {
      try {
        if (!this.#lease) {
          const sent = Date.now();
          this.#lease = await grantLease(this.#client, this.#o.ttlSeconds, ttlMs / 2);
          this.#validUntil = holdsUntil(sent, ttlMs);
        }
        if (this.#fence === undefined) await this.#tryTake(this.#lease);
        // After a failed renewal, try again soon: the lease must not lapse while we sleep.
        const wait =
          this.#fence === undefined || this.#retry
            ? Math.min(this.#o.pollMs, keepaliveEveryMs(ttlMs))
            : keepaliveEveryMs(ttlMs);
        this.#retry = false;
        await sleep(wait, undefined, { signal }).catch(() => {});
        if (signal.aborted) break;
        await this.#renew(this.#lease, ttlMs);
      } catch (err) {
        if (signal.aborted) break;
        this.#retry = true;
        // Keep the lease while it can still be renewed: a blip shorter than the TTL changes nothing.
        if (Date.now() >= this.#validUntil) this.#lose(`etcd unreachable for a TTL: ${(err as Error).message}`);
        await sleep(Math.min(this.#o.pollMs, 1_000), undefined, { signal }).catch(() => {});
      }
    }
  }

  async #tryTake(lease: string): Promise<void> {
    const key = Buffer.from(roleKey(this.#o.prefix, this.#o.role));
    const value = Buffer.from(encodeHolder({ server: this.#o.server, since: Date.now() }));
    const res = await this.#client.kv.txn(
      {
        compare: [{ key, target: 'Create', result: 'Equal', create_revision: 0 }],
        success: [{ request_put: { key, value, lease } }],
        failure: [{ request_range: { key } }],
      },
      { deadline: Date.now() + this.#o.ttlSeconds * 500 },
    );
    if (res.succeeded) return this.#setHeld(res.header.revision, 'the role was free');
    // A put that succeeded although its answer was lost comes back as our own lease's key.
    const kv = res.responses[0]?.response_range?.kvs[0];
    if (kv && kv.lease === lease) this.#setHeld(kv.create_revision, 'the key is under our lease');
  }

  async #renew(lease: string, ttlMs: number): Promise<void> {
    const sent = Date.now();
    // One try may not use up the lease: a stream that never answers gives way to a new one.
    const deadline = Math.max(500, Math.min(this.#validUntil - sent, keepaliveEveryMs(ttlMs)));
    const remaining = await renewLease(this.#client, lease, deadline);
    if (remaining <= 0) return this.#lose('etcd says the lease has ended');
    this.#validUntil = holdsUntil(sent, ttlMs);
  }

  #lose(why: string): void {
    const lease = this.#lease;
    this.#lease = undefined;
    this.#validUntil = 0;
    if (lease) void revokeLease(this.#client, lease, 1_000);
    this.#setHeld(undefined, why);
  }

  #setHeld(fence: string | undefined, why: string): void {
    const was = this.#fence !== undefined;
    this.#fence = fence;
    if (was !== (fence !== undefined)) this.#o.onChange?.(fence !== undefined, why);
  }
}

/** A server id that tells two Paddock processes apart, also on one host. */
export function serverId(grpcAddress: string): string {
  return `${hostname()}:${process.pid}${grpcAddress ? `@${grpcAddress}` : ''}`;
}
