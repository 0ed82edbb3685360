import type { Lease } from './lease.ts';

/**
 * Where leases are made durable. Two methods: read everything at start, and write a batch of
 * changed rows atomically (one transaction, synced before it returns). Decisions are taken
 * from the in-memory LeaseTable; the store only has to survive a crash.
 */
export interface LeaseStore {
  load(): Lease[];
  /**
   * Makes the rows durable; an ACK is sent only after this returns (or its promise resolves).
   * A store shared by several servers (etcd) may answer that some rows were not written because
   * another server claimed their address first: those rows' replies are withheld.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: SQLite stores resolve Promise<void>; only shared ones have an outcome.
  commit(rows: readonly Lease[]): void | Promise<void | CommitOutcome>;
  /** Shared stores: the rows were just decided (so a claim compares against what they saw). */
  note?(rows: readonly Lease[]): void;
  /** Shared stores: other servers' rows, as they are committed, to put into the table. */
  follow?(listener: RemoteListener): void;
}

/** Addresses whose claim another server won: nothing of those rows was written. */
export interface CommitOutcome {
  lost: readonly number[];
}

export type RemoteListener = (rows: Lease[]) => void;

/** For unit tests and for `--data-dir :memory:` style runs: nothing survives the process. */
export class MemoryLeaseStore implements LeaseStore {
  readonly rows = new Map<number, Lease>();
  commits = 0;

  load(): Lease[] {
    return [...this.rows.values()].map((l) => ({ ...l }));
  }

  commit(rows: readonly Lease[]): void {
    this.commits++;
    for (const l of rows) this.rows.set(l.address, { ...l });
  }
}
