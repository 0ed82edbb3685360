import type { Lease } from './lease.ts';

/**
 * Where leases are made durable. Two methods: read everything at start, and write a batch of
 * changed rows atomically (one transaction, synced before it returns). Decisions are taken
 * from the in-memory LeaseTable; the store only has to survive a crash.
 */
export interface LeaseStore {
  load(): Lease[];
  /** Writes every row or none; an ACK is sent only after this returns (or its promise resolves). */
  commit(rows: readonly Lease[]): void | Promise<void>;
}

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
