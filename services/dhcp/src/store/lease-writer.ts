import { Worker } from 'node:worker_threads';
import type { Db } from '@paddock/runtime';
import type { Lease } from '../leases/lease.ts';
import type { LeaseStore } from '../leases/lease-store.ts';
import { toTuple } from './lease-row-codec.ts';
import { SqliteLeaseStore } from './sqlite-lease-store.ts';

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Leases in SQLite, committed by a writer thread. The sync to disk (about a millisecond, far
 * more on a busy disk) then happens beside packet handling instead of stopping it; the group
 * commit keeps one batch in flight and gathers the next meanwhile, so batches grow with load.
 * A commit resolves only once the writer's transaction (synchronous=FULL) has returned.
 */
export class ThreadedLeaseStore implements LeaseStore {
  readonly #loader: SqliteLeaseStore;
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 1;
  #failed: Error | undefined;

  constructor(db: Db, file: string) {
    this.#loader = new SqliteLeaseStore(db);
    this.#worker = new Worker(new URL('./lease-writer-thread.ts', import.meta.url), { workerData: { file } });
    this.#worker.on('message', (m: { id: number; ok: boolean; error?: string }) => {
      const p = this.#pending.get(m.id);
      this.#pending.delete(m.id);
      if (m.ok) p?.resolve();
      else p?.reject(new Error(`lease commit failed: ${m.error}`));
    });
    this.#worker.on('error', (err) => this.#fail(err));
    this.#worker.on('exit', (code) => this.#fail(new Error(`lease writer thread exited (${code})`)));
  }

  load(): Lease[] {
    return this.#loader.load();
  }

  commit(rows: readonly Lease[]): Promise<void> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      // One JSON string per batch: far cheaper to post than structured-cloning row objects.
      this.#worker.postMessage({ id, rows: JSON.stringify(rows.map(toTuple)) });
    });
  }

  #fail(err: Error): void {
    this.#failed ??= err;
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }

  /** Waits for commits in flight, then stops the thread. */
  async close(): Promise<void> {
    const inFlight = [...this.#pending.values()].map(
      (p) =>
        new Promise<void>((done) => {
          const { resolve, reject } = p;
          p.resolve = () => {
            resolve();
            done();
          };
          p.reject = (e) => {
            reject(e);
            done();
          };
        }),
    );
    await Promise.all(inFlight);
    this.#worker.postMessage('close');
    await new Promise((resolve) => this.#worker.once('exit', resolve));
  }
}
