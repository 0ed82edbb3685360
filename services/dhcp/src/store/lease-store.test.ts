import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@paddock/runtime';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Lease } from '../leases/lease.ts';
import { arbitraryLease, leaseStoreContract } from './lease-store-contract.ts';
import { ThreadedLeaseStore } from './lease-writer.ts';
import { MIGRATIONS } from './migrations.ts';
import { SqliteLeaseStore } from './sqlite-lease-store.ts';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'pdk-dhcp-store-')), 'dhcp.db');
const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanup) await c();
});

describe('SqliteLeaseStore', () => {
  leaseStoreContract(async () => {
    const file = fresh();
    const db = openDatabase(file, { migrations: MIGRATIONS });
    cleanup.push(() => db.close());
    return {
      store: new SqliteLeaseStore(db),
      reopen: async () => new SqliteLeaseStore(openDatabase(file, { migrations: MIGRATIONS })),
    };
  });
});

describe('ThreadedLeaseStore (the writer thread on the same file)', () => {
  leaseStoreContract(async () => {
    const file = fresh();
    const db = openDatabase(file, { migrations: MIGRATIONS });
    const store = new ThreadedLeaseStore(db, file);
    cleanup.push(async () => {
      await store.close();
      db.close();
    });
    return { store, reopen: async () => new SqliteLeaseStore(openDatabase(file, { migrations: MIGRATIONS })) };
  });

  it('a failed batch rejects and writes nothing of itself', async () => {
    const file = fresh();
    const db = openDatabase(file, { migrations: MIGRATIONS });
    const store = new ThreadedLeaseStore(db, file);
    const good = fc.sample(arbitraryLease, 1)[0]!;
    const bad = { ...good, address: 7, state: 'bogus' as Lease['state'] };
    await expect(store.commit([{ ...good, address: 6 }, bad])).rejects.toThrow(/lease commit failed: CHECK constraint/);
    await store.close();
    expect(new SqliteLeaseStore(db).load()).toEqual([]);
    db.close();
  });
});
