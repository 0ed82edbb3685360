import { useTestEtcd } from '@paddock/testkit/etcd-suite';
import { describe, expect, it } from 'vitest';
import { storeContract, testNode } from '../store-contract.ts';
import { EtcdStore, type EtcdStoreOptions } from './etcd-store.ts';

const etcd = useTestEtcd();
const etcdctl = etcd.etcdctl;

function open(over: Partial<EtcdStoreOptions> = {}): EtcdStore {
  return etcd.track(EtcdStore.open({ ...etcd.storeOptions(), ...over }));
}

describe('EtcdStore', () => {
  storeContract(() => open());

  it('keeps nodes, revisions and cursors for the next server on the same prefix', () => {
    const a = open({ prefix: '/paddock-test/reopen/' });
    a.commit({
      writes: [{ kind: 'put', node: testNode('a', 'alpha', ['52:54:00:00:00:01']), create: true }],
      cursor: { feed: 'scanner', revision: 12n },
    });
    a.close();
    const b = open({ prefix: '/paddock-test/reopen/' });
    expect(b.find('52:54:00:00:00:01')).toMatchObject({ name: 'alpha', revision: 1n, labels: { rack: '1' } });
    expect(b.cursor('scanner')).toBe(12n);
    expect(b.list().revision).toBe(1n);
  });

  it('lets two servers commit in turn, and refuses a stale revision from either', () => {
    const prefix = '/paddock-test/two/';
    const [a, b] = [open({ prefix }), open({ prefix })];
    a.commit({ writes: [{ kind: 'put', node: testNode('a', 'alpha'), create: true }] });
    const seen = b.find('alpha')!;
    expect(
      b.commit({ writes: [{ kind: 'put', node: { ...seen, description: 'b' }, expectedRevision: 1n }] }),
    ).toMatchObject({ ok: true, revision: 2n });
    const stale = a.commit({ writes: [{ kind: 'put', node: { ...seen, description: 'a' }, expectedRevision: 1n }] });
    expect(stale).toEqual({ ok: false, conflict: { kind: 'revision', id: 'a', expected: 1n, actual: 2n } });
    expect(a.commit({ writes: [{ kind: 'put', node: testNode('b', 'alpha'), create: true }] }).ok).toBe(false);
    expect(a.find('alpha')?.description).toBe('b');
  });

  it('refuses a prefix that holds another site, naming both', () => {
    open({ prefix: '/paddock-test/shared/', site: 'north' });
    expect(() => open({ prefix: '/paddock-test/shared/', site: 'south' })).toThrow(
      /prefix \/paddock-test\/shared\/ .* belongs to site "north", not "south"/,
    );
  });

  it('skips and counts a foreign or damaged value, and never overwrites it', () => {
    const prefix = '/paddock-test/damaged/';
    const damaged: string[] = [];
    const s = open({ prefix, onDamaged: (key) => damaged.push(key) });
    s.commit({ writes: [{ kind: 'put', node: testNode('a', 'alpha'), create: true }] });
    s.commit({ writes: [{ kind: 'put', node: testNode('b', 'beta'), create: true }] });
    etcdctl('put', `${prefix}inventory/nodes/b`, 'not json {');
    etcdctl('put', `${prefix}inventory/changes/00000000000000000002`, '{"kind":"odd"}');
    expect(s.list().nodes.map((n) => n.name)).toEqual(['alpha']);
    expect(s.find('b')).toBeUndefined();
    expect(s.changesSince(1n)).toBeUndefined();
    expect(s.damaged).toBe(3);
    expect(damaged).toContain(`${prefix}inventory/nodes/b`);
    expect(() => s.commit({ writes: [{ kind: 'put', node: testNode('b', 'beta') }] })).toThrow(
      /damaged.*not changing it/,
    );
    expect(etcdctl('get', `${prefix}inventory/nodes/b`, '--print-value-only').trim()).toBe('not json {');
    // The name stays held by the damaged record: nobody else takes it meanwhile.
    expect(s.commit({ writes: [{ kind: 'put', node: testNode('c', 'beta'), create: true }] })).toMatchObject({
      ok: false,
    });
  });

  it('says which endpoint it cannot reach, within its timeout', () => {
    const started = Date.now();
    expect(() => EtcdStore.open({ endpoints: ['127.0.0.1:9'], prefix: '/x/', site: 'lab', timeoutMs: 1_000 })).toThrow(
      /cannot reach etcd at 127\.0\.0\.1:9/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
