import { describe, expect, it } from 'vitest';
import type { Lease } from '../leases/lease.ts';
import { MemoryLeaseStore } from '../leases/lease-store.ts';
import { LeaseTable } from '../leases/lease-table.ts';
import { GroupCommit } from './group-commit.ts';

const row = (address: number, state: Lease['state'] = 'bound'): Lease => ({
  address,
  clientKey: `c${address}`,
  mac: '',
  clientId: '',
  hostname: '',
  subnetId: 's',
  state,
  startsAt: 0,
  expiresAt: 1,
  revision: 0,
  relay: '',
  interface: 'eth0',
  vendorClass: '',
  architecture: -1,
});

/** A store whose commits finish when the test says so, recording what happened in order. */
class SlowStore extends MemoryLeaseStore {
  readonly log: string[] = [];
  readonly gates: (() => void)[] = [];
  override commit(rows: readonly Lease[]): Promise<void> {
    this.log.push(`commit ${rows.map((r) => r.address).join(',')}`);
    return new Promise((resolve) =>
      this.gates.push(() => {
        super.commit(rows);
        resolve();
      }),
    );
  }
}

describe('GroupCommit', () => {
  it('runs a reply only after its rows are in the store, one transaction per turn', async () => {
    const store = new MemoryLeaseStore();
    const table = new LeaseTable();
    const gc = new GroupCommit(store, table);
    const sent: string[] = [];
    gc.add([row(1)], () => sent.push(`ack 1 (stored: ${store.rows.has(1)})`));
    gc.add([row(2)], () => sent.push(`ack 2 (stored: ${store.rows.has(2)})`));
    expect(sent).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual(['ack 1 (stored: true)', 'ack 2 (stored: true)']);
    expect(store.commits).toBe(1);
    expect([store.rows.get(1)?.revision, store.rows.get(2)?.revision]).toEqual([1, 2]);
    expect(table.revision).toBe(2);
  });

  it('keeps one batch in flight and gathers the next meanwhile', async () => {
    const store = new SlowStore();
    const gc = new GroupCommit(store, new LeaseTable());
    const sent: number[] = [];
    gc.add([row(1)], () => sent.push(1));
    gc.flush();
    gc.add([row(2)], () => sent.push(2));
    gc.add([row(3)], () => sent.push(3));
    gc.flush();
    expect(store.log).toEqual(['commit 1']);
    store.gates.shift()!();
    await new Promise((r) => setTimeout(r, 1));
    expect(sent).toEqual([1]);
    expect(store.log).toEqual(['commit 1', 'commit 2,3']);
    store.gates.shift()!();
    await gc.drain();
    expect(sent).toEqual([1, 2, 3]);
  });

  it('withholds replies when the commit fails', async () => {
    const store = new MemoryLeaseStore();
    store.commit = () => {
      throw new Error('disk full');
    };
    const gc = new GroupCommit(store, new LeaseTable());
    const out: string[] = [];
    gc.add(
      [row(1)],
      () => out.push('sent'),
      (e) => out.push(e.message),
    );
    gc.flush();
    expect(out).toEqual(['disk full']);
  });

  it('writes only the last state of an address changed twice in one batch', () => {
    const store = new MemoryLeaseStore();
    const gc = new GroupCommit(store, new LeaseTable());
    gc.add([row(1, 'bound'), row(1, 'released')]);
    gc.flush();
    expect(store.rows.get(1)?.state).toBe('released');
  });

  it('tells subscribers about committed rows, in revision order', () => {
    const table = new LeaseTable();
    const seen: number[] = [];
    table.subscribe((l) => seen.push(l.revision));
    const gc = new GroupCommit(new MemoryLeaseStore(), table);
    gc.add([row(5), row(6)]);
    gc.flush();
    expect(seen).toEqual([1, 2]);
  });
});
