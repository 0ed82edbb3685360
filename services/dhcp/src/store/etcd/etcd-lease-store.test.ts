import { setTimeout as sleep } from 'node:timers/promises';
import { useTestEtcd } from '@paddock/testkit/etcd-suite';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Lease } from '../../leases/lease.ts';
import { LeaseTable } from '../../leases/lease-table.ts';
import { ClaimLost, GroupCommit } from '../../server/group-commit.ts';
import { arbitraryLease, leaseStoreContract } from '../lease-store-contract.ts';
import { EtcdLeaseStore, type EtcdLeaseStoreOptions } from './etcd-lease-store.ts';
import { leaseKey } from './lease-etcd-wire.ts';

const etcd = useTestEtcd();
const etcdctl = etcd.etcdctl;

async function open(over: Partial<EtcdLeaseStoreOptions> = {}): Promise<EtcdLeaseStore> {
  return etcd.track(await EtcdLeaseStore.open({ ...etcd.storeOptions(), ...over }));
}

const lease = (address: number, clientKey: string, over: Partial<Lease> = {}): Lease => ({
  ...fc.sample(arbitraryLease, 1)[0]!,
  address,
  clientKey,
  state: 'bound',
  expiresAt: Date.now() + 3_600_000,
  ...over,
});

/** A server's table and group commit on a store, following the other servers' rows. */
function server(store: EtcdLeaseStore) {
  const table = new LeaseTable(store.load());
  store.follow((rows) => table.applyRemote(rows));
  return { table, commits: new GroupCommit(store, table) };
}

/** Decides a row as a server would (into its table), then commits it: 'acked' or why not. */
function decide(s: ReturnType<typeof server>, row: Lease): Promise<string> {
  s.table.put(row);
  return new Promise((resolve) =>
    s.commits.add(
      [row],
      () => resolve('acked'),
      (err) => resolve(err instanceof ClaimLost ? 'lost' : err.message),
    ),
  );
}

describe('EtcdLeaseStore', () => {
  leaseStoreContract(async () => {
    const prefix = etcd.storeOptions().prefix;
    return { store: await open({ prefix }), reopen: () => open({ prefix }) };
  });

  it('two servers racing for one address: exactly one is acknowledged, and both tables end with its row', async () => {
    const prefix = '/paddock-test/race/';
    const [a, b] = [server(await open({ prefix })), server(await open({ prefix }))];
    for (let address = 1; address <= 20; address++) {
      const verdicts = await Promise.all([decide(a, lease(address, 'aa')), decide(b, lease(address, 'bb'))]);
      expect(verdicts.sort()).toEqual(['acked', 'lost']);
    }
    await sleep(300);
    for (let address = 1; address <= 20; address++) {
      const winner = a.table.get(address)!.clientKey;
      expect(b.table.get(address)!.clientKey).toBe(winner);
      expect(etcdctl('get', leaseKey(prefix, address), '--print-value-only')).toContain(`"${winner}"`);
    }
  });

  it('a server learns the other servers’ leases from the watch, in time, with its own revisions', async () => {
    const prefix = '/paddock-test/watch/';
    const [a, b] = [server(await open({ prefix })), server(await open({ prefix }))];
    const seen: number[] = [];
    b.table.subscribe((l) => seen.push(l.address));
    expect(await decide(a, lease(7, 'aa'))).toBe('acked');
    for (let i = 0; i < 50 && !b.table.get(7); i++) await sleep(20);
    expect(b.table.get(7)?.clientKey).toBe('aa');
    expect(seen).toEqual([7]);
    // B renews on top of what it learnt: the claim compares against A's write, and succeeds.
    expect(await decide(b, lease(7, 'aa', { hostname: 'renewed' }))).toBe('acked');
  });

  it('refuses a prefix that holds another site, naming both', async () => {
    await open({ prefix: '/paddock-test/site/', site: 'north' });
    await expect(open({ prefix: '/paddock-test/site/', site: 'south' })).rejects.toThrow(
      /prefix \/paddock-test\/site\/ belongs to site "north", not "south"/,
    );
  });

  it('keeps an address holding a damaged value out of use, and never overwrites it', async () => {
    const prefix = '/paddock-test/damaged/';
    etcdctl('put', leaseKey(prefix, 9), 'not json {');
    const damaged: string[] = [];
    const store = await open({ prefix, onDamaged: (key) => damaged.push(key) });
    const s = server(store);
    expect(damaged).toEqual([leaseKey(prefix, 9)]);
    expect(s.table.get(9)).toMatchObject({ state: 'declined', hostname: '(damaged etcd value)' });
    // A decision on it anyway (say, by a bug) loses its claim: the damaged value stays.
    expect(await decide(s, lease(9, 'cc'))).toBe('lost');
    expect(etcdctl('get', leaseKey(prefix, 9), '--print-value-only').trim()).toBe('not json {');
    expect(s.table.get(9)).toMatchObject({ state: 'declined', hostname: '(damaged etcd value)' });
  });

  it('says which endpoint it cannot reach, within its timeout', async () => {
    const started = Date.now();
    await expect(
      EtcdLeaseStore.open({ endpoints: ['127.0.0.1:9'], prefix: '/x/', site: 'lab', timeoutMs: 500 }),
    ).rejects.toThrow(/cannot open the lease store: etcd at 127\.0\.0\.1:9/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
