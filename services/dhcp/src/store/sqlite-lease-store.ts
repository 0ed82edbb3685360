import type { Db } from '@paddock/runtime';
import type { Lease } from '../leases/lease.ts';
import type { LeaseStore } from '../leases/lease-store.ts';
import { fromTuple, type LeaseTuple, SELECT_LEASES, toTuple, UPSERT_LEASE } from './lease-row-codec.ts';

/**
 * Leases in SQLite, written on the calling thread. The database is opened with
 * synchronous=FULL (runtime default), so a commit has reached the disk when it returns: an
 * ACK sent after commit() survives kill -9 and power loss. The server uses the threaded
 * variant (lease-writer.ts) so that the sync does not stall packet handling; this one serves
 * loading and tests.
 */
export class SqliteLeaseStore implements LeaseStore {
  readonly #db: Db;
  readonly #upsert;

  constructor(db: Db) {
    this.#db = db;
    this.#upsert = db.prepare(UPSERT_LEASE);
  }

  load(): Lease[] {
    return (this.#db.prepare(SELECT_LEASES).raw().all() as LeaseTuple[]).map(fromTuple);
  }

  commit(rows: readonly Lease[]): void {
    this.#db.transaction(() => {
      for (const l of rows) this.#upsert.run(...toTuple(l));
    })();
  }
}
