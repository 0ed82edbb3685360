import { useTestEtcd } from '@paddock/testkit/etcd-suite';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { EtcdMembers } from './etcd-members.ts';
import { decodeTxnResponse, encodeGuardedPuts, type GuardedPut } from './kv-messages.ts';
import { ProtoWriter } from './proto-wire.ts';
import { decodeWatchResponse } from './watch-messages.ts';

const etcd = useTestEtcd();
const opened: EtcdMembers[] = [];
afterAll(() => {
  for (const m of opened) m.close();
});

function members(): EtcdMembers {
  const m = new EtcdMembers(etcd.storeOptions().endpoints, undefined);
  opened.push(m);
  return m;
}

const txn = (m: EtcdMembers, puts: GuardedPut[]) =>
  m.unary('/etcdserverpb.KV/Txn', encodeGuardedPuts(puts), Date.now() + 5_000).then(decodeTxnResponse);

it('guarded puts against a real etcd: written only at their basis; a failed one writes nothing and reads every key', async () => {
  const m = members();
  const value = `{"hostname":"${'é'.repeat(100)}"}`; // past 127 bytes: a two-byte length
  const first = await txn(m, [
    { key: '/raw/a', value, basis: 0 },
    { key: '/raw/b', value: 'b1', basis: 0 },
  ]);
  expect(first.succeeded).toBe(true);
  expect(etcd.etcdctl('get', '/raw/a', '--print-value-only').trim()).toBe(value);
  // b moved since basis 0: nothing is written, and the answer says what each key holds now.
  const second = await txn(m, [
    { key: '/raw/a', value: 'a2', basis: first.revision },
    { key: '/raw/b', value: 'b2', basis: 0 },
    { key: '/raw/c', value: 'c2', basis: 0 },
  ]);
  expect(second.succeeded).toBe(false);
  expect(second.current.map((kv) => kv && [kv.key.toString(), kv.value.toString(), kv.mod])).toEqual([
    ['/raw/a', value, first.revision],
    ['/raw/b', 'b1', first.revision],
    undefined,
  ]);
  expect(etcd.etcdctl('get', '/raw/c').trim()).toBe('');
  // A basis no key can have (-1, int64's ten-byte varint) never matches, not even an absent key.
  expect((await txn(m, [{ key: '/raw/d', value: 'd', basis: -1 }])).succeeded).toBe(false);
});

it('one unreachable member: the call goes to the next at once', async () => {
  const m = new EtcdMembers(['127.0.0.1:9', ...etcd.storeOptions().endpoints], undefined);
  opened.push(m);
  for (let i = 0; i < 4; i++)
    expect((await txn(m, [{ key: `/raw/u${i}`, value: 'u', basis: 0 }])).succeeded).toBe(true);
});

it('decoding bad bytes throws an Error saying where, or yields a message: never a crash or an out-of-bounds read', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      for (const decode of [decodeTxnResponse, decodeWatchResponse])
        try {
          decode(Buffer.from(bytes));
        } catch (err) {
          expect(err).toBeInstanceOf(Error);
        }
    }),
    { numRuns: 2_000 },
  );
  // A field's length past the end is named as such.
  const truncated = new ProtoWriter().bytes(11, 'event').finish().subarray(0, 4);
  expect(() => decodeWatchResponse(truncated)).toThrow(/bytes past the message's end/);
});
