import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@paddock/runtime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Lease } from '../leases/lease.ts';
import { SqliteConfigStore } from './config-store.ts';
import { ThreadedLeaseStore } from './lease-writer.ts';
import { MIGRATIONS } from './migrations.ts';
import { SqliteLeaseStore } from './sqlite-lease-store.ts';

const lease = fc.record<Lease>({
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

const fresh = () => join(mkdtempSync(join(tmpdir(), 'pdk-dhcp-store-')), 'dhcp.db');

describe('lease stores on SQLite', () => {
  it('read back exactly what was committed, the last write of an address winning', () => {
    fc.assert(
      fc.property(fc.array(lease, { maxLength: 20 }), (rows) => {
        const db = openDatabase(':memory:', { migrations: MIGRATIONS });
        const store = new SqliteLeaseStore(db);
        store.commit(rows);
        const last = new Map(rows.map((r) => [r.address, r]));
        expect(store.load().sort((a, b) => a.address - b.address)).toEqual(
          [...last.values()].sort((a, b) => a.address - b.address),
        );
        db.close();
      }),
      { numRuns: 50 },
    );
  });

  it('the writer thread commits to the same file: a new connection sees every row', async () => {
    const file = fresh();
    const db = openDatabase(file, { migrations: MIGRATIONS });
    const store = new ThreadedLeaseStore(db, file);
    const rows = fc.sample(lease, 30).map((l, i) => ({ ...l, address: i }));
    await store.commit(rows.slice(0, 10));
    await Promise.all([store.commit(rows.slice(10, 20)), store.commit(rows.slice(20))]);
    await store.close();
    db.close();
    const again = openDatabase(file, { migrations: MIGRATIONS });
    expect(new SqliteLeaseStore(again).load().sort((a, b) => a.address - b.address)).toEqual(rows);
    again.close();
  });

  it('a failed batch rejects and writes nothing of itself', async () => {
    const file = fresh();
    const db = openDatabase(file, { migrations: MIGRATIONS });
    const store = new ThreadedLeaseStore(db, file);
    const good = fc.sample(lease, 1)[0]!;
    const bad = { ...good, address: 7, state: 'bogus' as Lease['state'] };
    await expect(store.commit([{ ...good, address: 6 }, bad])).rejects.toThrow(/lease commit failed: CHECK constraint/);
    await store.close();
    expect(new SqliteLeaseStore(db).load()).toEqual([]);
    db.close();
  });

  it('config documents round-trip and delete', () => {
    const db = openDatabase(':memory:', { migrations: MIGRATIONS });
    const store = new SqliteConfigStore(db);
    store.write([
      { kind: 'subnet', id: 'a', doc: { id: 'a', x: [1] }, fileHash: 'h' },
      { kind: 'reservation', id: 'r', doc: { id: 'r' } },
    ]);
    expect(store.load('subnet')).toEqual([{ id: 'a', doc: { id: 'a', x: [1] }, fileHash: 'h' }]);
    store.write([{ kind: 'reservation', id: 'r' }]);
    expect(store.load('reservation')).toEqual([]);
    db.close();
  });
});
