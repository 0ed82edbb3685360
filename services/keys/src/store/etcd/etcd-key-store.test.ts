import { openSiteEtcd, type SyncEtcd } from '@paddock/etcd';
import { useTestEtcd } from '@paddock/testkit/etcd-suite';
import { describe, expect, it } from 'vitest';
import { keyStoreContract, testCert, testToken } from '../key-store-contract.ts';
import { EtcdKeyStore } from './etcd-key-store.ts';

const etcd = useTestEtcd();

/** A store as one server opens it: its own connection, on the prefix given or a fresh one. */
function open(prefix = etcd.storeOptions().prefix, onDamaged?: (key: string) => void) {
  const client = etcd.track(openSiteEtcd({ ...etcd.storeOptions(), prefix }));
  return Object.assign(new EtcdKeyStore(client, prefix, onDamaged), { etcd: client });
}

describe('EtcdKeyStore', () => {
  // One connection for the contract's stores (each on a prefix of its own): a connection is a thread.
  let shared: SyncEtcd | undefined;
  keyStoreContract(() => {
    shared ??= open().etcd;
    return new EtcdKeyStore(shared, etcd.storeOptions().prefix);
  });

  it('a token added on one server is taken on another, once, and its outcome read back on the first', () => {
    const prefix = '/paddock-test/two/';
    const [a, b] = [open(prefix), open(prefix)];
    a.addToken(testToken('t1', 'n1'));
    expect(b.takeToken('h-t1', 10)).toMatchObject({ kind: 'taken', token: { id: 't1', node: 'n1' } });
    expect(a.takeToken('h-t1', 11)).toMatchObject({ kind: 'used' });
    b.addCerts([testCert('01', 'n1')], { tokenId: 't1', outcome: 'enrolled' });
    expect(a.findToken('t1')).toMatchObject({ state: 'used', usedAt: 10, outcome: 'enrolled' });
    expect(a.revokeCerts('n1', 20, 'lost').map((c) => c.serial)).toEqual(['01']);
    expect(b.findCert('01')).toMatchObject({ revokedAt: 20, revokeReason: 'lost' });
  });

  it('skips and counts a damaged row, never overwrites it, and keeps private material out of the rows', () => {
    const prefix = '/paddock-test/damaged/';
    const damaged: string[] = [];
    const s = open(prefix, (key) => damaged.push(key));
    s.addToken(testToken('t1', 'n1'));
    s.addToken(testToken('t2', 'n2'));
    etcd.etcdctl('put', `${prefix}keys/tokens/t2`, '{"id":"t2"');
    expect(s.listTokens().map((t) => t.id)).toEqual(['t1']);
    expect(s.takeToken('h-t2', 10)).toEqual({ kind: 'unknown' });
    expect(s.revokeTokens('n2')).toBe(0);
    expect(etcd.etcdctl('get', `${prefix}keys/tokens/t2`, '--print-value-only').trim()).toBe('{"id":"t2"');
    expect(damaged).toContain(`${prefix}keys/tokens/t2`);
    expect(s.damaged).toBeGreaterThanOrEqual(3);
    // The token's row holds its hash only: what etcd keeps cannot be used to enrol.
    expect(etcd.etcdctl('get', `${prefix}keys/tokens/t1`, '--print-value-only')).not.toMatch(/token"/);
  });
});
