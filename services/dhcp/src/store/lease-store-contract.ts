import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Lease } from '../leases/lease.ts';
import type { LeaseStore } from '../leases/lease-store.ts';

export const arbitraryLease = fc.record<Lease>({
  address: fc.nat({ max: 0xffffffff }),
  clientKey: fc.string({ unit: fc.constantFrom(...'0123456789abcdef') }),
  mac: fc.string(),
  clientId: fc.string({ unit: fc.constantFrom(...'0123456789abcdef') }),
  hostname: fc.string(),
  subnetId: fc.string(),
  state: fc.constantFrom('bound', 'released', 'expired', 'declined'),
  startsAt: fc.nat(),
  expiresAt: fc.nat(),
  revision: fc.nat(),
  relay: fc.string(),
  interface: fc.string(),
  vendorClass: fc.string(),
  architecture: fc.integer({ min: -1, max: 0xffff }),
});

/** A store and a way to open the same place again (another process, after a crash or restart). */
export interface StoreUnderTest {
  store: LeaseStore;
  reopen(): Promise<LeaseStore>;
}

const byAddress = (rows: readonly Lease[]) => [...rows].sort((a, b) => a.address - b.address);

/** What every LeaseStore does; each store's test file runs it (SQLite, etcd). */
export function leaseStoreContract(make: () => Promise<StoreUnderTest>): void {
  it('reads back exactly what was committed, the last write of an address winning', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(arbitraryLease, { maxLength: 8 }), { maxLength: 4 }), async (batches) => {
        const { store, reopen } = await make();
        const last = new Map<number, Lease>();
        for (const batch of batches) {
          // One batch holds one row per address (the group commit keeps the last).
          const rows = [...new Map(batch.map((r) => [r.address, r])).values()];
          store.note?.(rows);
          await store.commit(rows);
          for (const r of rows) last.set(r.address, r);
        }
        expect(byAddress((await reopen()).load())).toEqual(byAddress([...last.values()]));
      }),
      // Each run opens the store twice (a thread and a connection each, for etcd): few runs.
      { numRuns: 6 },
    );
  }, 120_000);

  it('a commit resolves only when a fresh reader sees every row of it', async () => {
    const { store, reopen } = await make();
    const rows = fc.sample(arbitraryLease, 30).map((l, i) => ({ ...l, address: i + 1 }));
    await store.commit(rows.slice(0, 10));
    await Promise.all([store.commit(rows.slice(10, 20)), store.commit(rows.slice(20))]);
    expect(byAddress((await reopen()).load())).toEqual(rows);
  });
}
