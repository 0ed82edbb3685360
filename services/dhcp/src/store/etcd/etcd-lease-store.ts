import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { connectOptions, type EtcdTls } from '@paddock/etcd';
import type { Lease } from '../../leases/lease.ts';
import type { CommitOutcome, LeaseStore, RemoteListener } from '../../leases/lease-store.ts';
import { ClaimBasis } from './claim-basis.ts';
import { claimBatch, decodeLease, type FromThread, type Kv, type ToThread } from './lease-etcd-wire.ts';

export interface EtcdLeaseStoreOptions {
  endpoints: string[];
  tls?: EtcdTls | undefined;
  /** The site's keys live under this prefix (ends with `/`). */
  prefix: string;
  /** Written under the prefix at first open; another site id there refuses the open. */
  site: string;
  /** Deadline of each etcd call: a claim unconfirmed by then fails and its reply is withheld. */
  timeoutMs?: number;
  /**
   * A claim etcd has not answered in this time (or three times the slowest recent answer, if
   * longer) is sent again, to any member, until `timeoutMs`: one sent just before the leader
   * died is never answered (default 250 ms).
   */
  resendMs?: number;
  /** Told of each value under the lease prefix that is not a lease (it is skipped, never overwritten blind). */
  onDamaged?: (key: string, reason: string) => void;
  /** Told when etcd stops (or starts again) confirming claims, with a sentence saying why. */
  onHealth?: (ok: boolean, detail: string) => void;
  /** Told when the lease watch lost its member and went on from another, with a sentence saying so. */
  onWatchMoved?: (detail: string) => void;
}

interface Pending {
  resolve: (o: CommitOutcome) => void;
  reject: (err: Error) => void;
  addresses: number[];
}

/**
 * Leases in etcd, shared by every DHCP server of a site. Decisions stay in each server's
 * in-memory table, fed by a watch on the prefix (the hot path never reads etcd); a commit claims
 * each address by compare-and-swap against the revision the decision saw, so two servers never
 * both hold an address: the loser's claim fails, its reply is withheld, and its table takes the
 * winner's row. A commit resolves only once etcd has it on a quorum.
 */
export class EtcdLeaseStore implements LeaseStore {
  readonly writer: string;
  readonly #o: EtcdLeaseStoreOptions;
  readonly #worker: Worker;
  readonly #basis = new ClaimBasis();
  readonly #pending = new Map<number, Pending>();
  #loaded: Lease[] = [];
  #listener: RemoteListener = () => {};
  #next = 1;
  #failed: Error | undefined;
  /** Values under the lease prefix skipped because they are not leases. */
  damaged = 0;
  /** The etcd member the lease watch follows now (host:port). */
  watching: string | undefined;
  /** Times the lease watch went on from another member where it left off. */
  watchMoves = 0;
  /** Times every lease was read again (the watch's history was compacted away). */
  reloads = 0;

  private constructor(o: EtcdLeaseStoreOptions, worker: Worker, writer: string) {
    this.#o = o;
    this.#worker = worker;
    this.writer = writer;
  }

  /** Connects, checks the site and reads every lease; rejects with a sentence naming the endpoints. */
  static open(o: EtcdLeaseStoreOptions): Promise<EtcdLeaseStore> {
    const timeoutMs = o.timeoutMs ?? 2_000;
    try {
      // Reads the TLS files here too: a missing one is named now, not as a thread's crash.
      connectOptions(o.endpoints, o.tls, timeoutMs);
    } catch (err) {
      return Promise.reject(new Error(`cannot open the lease store: ${(err as Error).message}`));
    }
    const writer = randomUUID();
    const worker = new Worker(new URL('./lease-etcd-thread.ts', import.meta.url), {
      workerData: {
        ...{ endpoints: o.endpoints, tls: o.tls, prefix: o.prefix, site: o.site, writer },
        timeoutMs,
        resendMs: o.resendMs ?? 250,
      },
    });
    const store = new EtcdLeaseStore(o, worker, writer);
    return new Promise((resolve, reject) => {
      const fail = (error: string) => {
        void worker.terminate();
        reject(new Error(`cannot open the lease store: ${error}`));
      };
      // A backstop only: the thread's calls have their own deadlines, and say what failed. Starting
      // the thread (loading the client) takes seconds on a busy machine, so it counts extra.
      const backstopMs = timeoutMs * 3 + 10_000;
      const timer = setTimeout(
        () => fail(`etcd at ${o.endpoints.join(',')} did not answer within ${backstopMs} ms`),
        backstopMs,
      );
      worker.on('message', (m: FromThread) => {
        if (m.kind === 'open-failed') {
          clearTimeout(timer);
          fail(m.error);
        } else if (m.kind === 'loaded') {
          clearTimeout(timer);
          store.#loaded = store.#decode(m.rows);
          resolve(store);
        } else store.#receive(m);
      });
      worker.on('error', (err) => {
        clearTimeout(timer);
        fail(err.message);
        store.#fail(err);
      });
      worker.on('exit', (code) => store.#fail(new Error(`etcd lease thread exited (${code})`)));
    });
  }

  load(): Lease[] {
    const rows = this.#loaded;
    this.#loaded = [];
    return rows;
  }

  follow(listener: RemoteListener): void {
    this.#listener = listener;
  }

  note(rows: readonly Lease[]): void {
    for (const l of rows) this.#basis.note(l.address);
  }

  commit(rows: readonly Lease[]): Promise<CommitOutcome> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#next++;
    const batch = claimBatch(rows, (address) => String(this.#basis.take(address)));
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, addresses: batch.addresses });
      this.#worker.postMessage({ kind: 'commit', id, batch } satisfies ToThread);
    });
  }

  #receive(m: FromThread): void {
    if (m.kind === 'committed' || m.kind === 'commit-failed') {
      const p = this.#pending.get(m.id);
      this.#pending.delete(m.id);
      if (!p) return;
      if (m.kind === 'commit-failed') {
        // Unknown outcome: the claim may or may not be in etcd. The watch will say; until then
        // the decision stays in the table (an address we may hold is not offered to others).
        for (const a of p.addresses) this.#basis.settle(a, 0n, false);
        p.reject(new Error(m.error));
        return;
      }
      for (let i = 0; i < m.written.length; i += 2) this.#basis.settle(m.written[i]!, BigInt(m.written[i + 1]!), true);
      for (const l of m.lost) this.#basis.settle(addressOf(l.key), BigInt(l.mod), false);
      // Whatever the table says about a lost address was our decision, not etcd's: replace it.
      this.#apply(m.lost, true);
      p.resolve({ lost: m.lost.map((l) => addressOf(l.key)) });
    } else if (m.kind === 'changes') {
      for (let i = 0; i < m.mine.length; i += 2) this.#basis.see(m.mine[i]!, BigInt(m.mine[i + 1]!));
      this.#apply(m.events);
    } else if (m.kind === 'reloaded') {
      this.reloads++;
      this.#basis.reset([]);
      this.#apply(m.rows);
    } else if (m.kind === 'watching') {
      this.watching = m.endpoint;
      if (m.cause === undefined) return;
      this.watchMoves++;
      this.#o.onWatchMoved?.(
        `lease watch on etcd member ${m.endpoint}, resumed after revision ${m.after} (left the last one: ${m.cause})`,
      );
    } else if (m.kind === 'health') this.#o.onHealth?.(m.ok, m.detail);
  }

  /** Other servers' rows (from the watch, or the winners of lost claims) into the table. */
  #apply(events: readonly Kv[], force = false): void {
    const rows: Lease[] = [];
    for (const e of events) {
      if (e.value === undefined) continue;
      const d = this.#read(e);
      if (d.writer === undefined) rows.push(d.lease);
      else if ((this.#basis.see(d.lease.address, BigInt(e.mod)) || force) && (d.writer !== this.writer || force))
        rows.push(d.lease);
    }
    if (rows.length > 0) this.#listener(rows);
  }

  #decode(kvs: readonly Kv[]): Lease[] {
    return kvs.map((e) => {
      const d = this.#read(e);
      if (d.writer !== undefined) this.#basis.see(d.lease.address, BigInt(e.mod));
      return d.lease;
    });
  }

  /**
   * A lease, or for a value that is not one (counted) a placeholder that holds its address out
   * of use (declined, never ending); its revision is not recorded, so a claim on it always
   * fails and the value is never overwritten blind.
   */
  #read(e: Kv): { lease: Lease; writer?: string } {
    const d = decodeLease(e.key, e.value ?? '');
    if (!('error' in d)) return d;
    this.damaged++;
    this.#o.onDamaged?.(e.key, d.error);
    return { lease: damagedPlaceholder(addressOf(e.key)) };
  }

  #fail(err: Error): void {
    this.#failed ??= err;
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }

  /** Waits for claims in flight, then stops the thread. */
  async close(): Promise<void> {
    while (this.#pending.size > 0) await new Promise((r) => setTimeout(r, 10));
    const exited = new Promise((resolve) => this.#worker.once('exit', resolve));
    this.#worker.postMessage({ kind: 'close' } satisfies ToThread);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000))]);
    await this.#worker.terminate();
  }
}

function damagedPlaceholder(address: number): Lease {
  return {
    ...{ address, clientKey: '', mac: '', clientId: '', hostname: '(damaged etcd value)', subnetId: '' },
    ...{ state: 'declined', startsAt: 0, expiresAt: Number.MAX_SAFE_INTEGER, revision: 0 },
    ...{ relay: '', interface: '', vendorClass: '', architecture: -1 },
  };
}

function addressOf(key: string): number {
  return Number.parseInt(key.slice(key.lastIndexOf('/') + 1), 16);
}
