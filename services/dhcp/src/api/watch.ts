import type { Revisioned, WatchSource } from '@paddock/runtime';
import type { Lease } from '../leases/lease.ts';
import type { LeaseTable } from '../leases/lease-table.ts';

/**
 * The lease table as a WatchSource for the runtime's watch(). Every lease row carries the
 * revision of its last committed change, so the table itself is the log: the changes after
 * revision N are the rows stamped above N (the latest state of each, which is all a client
 * mirroring leases needs), and no revision is ever too old to resume from. Rows changed in
 * memory but not yet committed stay out; their commit arrives as a live change.
 */
export function leaseSource(table: LeaseTable): WatchSource<Lease, Lease> {
  const committed = (after: number) => {
    const head = table.revision;
    return [...table.values()]
      .filter((l) => l.revision > after && l.revision <= head)
      .sort((a, b) => a.revision - b.revision)
      .map((l) => ({ ...l }));
  };
  return {
    subscribe: (listener) => table.subscribe((l) => listener(revisioned({ ...l }))),
    head: () => BigInt(table.revision),
    snapshot: () => ({ revision: BigInt(table.revision), items: committed(0) }),
    since: (revision) => committed(Number(revision)).map(revisioned),
  };
}

const revisioned = (l: Lease): Revisioned<Lease> => ({ revision: BigInt(l.revision), change: l });
