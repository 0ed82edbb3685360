import { expect, it } from 'vitest';
import { useEtcdCluster } from '../test-etcd.ts';
import { decodeClaim, encodeClaim } from './claim-key.ts';
import { MachineClaims } from './machine-claims.ts';

const PREFIX = '/paddock/claims-test/';
const { cluster, client } = useEtcdCluster();

const host = (name: string, endpoints: string[], lost: string[] = []) =>
  new MachineClaims(client(endpoints), {
    prefix: PREFIX,
    host: name,
    ttlSeconds: 2,
    onLost: (m, why) => lost.push(`${name} lost ${m}: ${why}`),
  });

it('one host wins a machine; a release lets another claim it at once; foreign values are named', async () => {
  const eps = cluster().members.map((m) => m.endpoint);
  const [a, b] = [host('a', eps), host('b', eps)];
  const won = await Promise.all([a.take('vm1', 'one'), b.take('vm1', 'one')]);
  expect(won.filter(Boolean)).toHaveLength(1);
  const [holder, other] = won[0] ? [a, b] : [b, a];
  expect([holder.held('vm1'), other.held('vm1')]).toEqual([true, false]);
  // Held past its TTL: the lease is renewed.
  await new Promise((r) => setTimeout(r, 2_500));
  expect(holder.held('vm1')).toBe(true);
  expect(await other.take('vm1', 'one')).toBe(false);
  await client(eps).put(`${PREFIX}claims/junk`).value('{');
  const list = await other.list();
  expect(list).toEqual([
    { machine: 'junk', error: 'not JSON' },
    expect.objectContaining({ machine: 'vm1', host: holder.host, name: 'one' }),
  ]);
  await holder.release('vm1');
  expect(holder.held('vm1')).toBe(false);
  expect(await other.take('vm1', 'one')).toBe(true);
  expect(other.heldMachines()).toEqual(['vm1']);
  await other.stop();
  expect((await a.list()).map((c) => c.machine)).toEqual(['junk']);
}, 30_000);

it('a host cut off from etcd gives its machine up before another host can claim it', async () => {
  const [m0, m1, m2] = cluster().members;
  const lost: string[] = [];
  const a = host('a', [m0!.endpoint], lost);
  const b = host('b', [m1!.endpoint, m2!.endpoint], lost);
  expect(await a.take('vm2', 'two')).toBe(true);
  const cut = Date.now();
  await m0!.stop(true);
  let aLost = 0;
  let bTook = 0;
  while (!bTook) {
    // Never both at once, sampled as often as b tries.
    expect(a.held('vm2') && b.held('vm2'), 'two hosts hold one machine').toBe(false);
    if (!aLost && lost.length) aLost = Date.now() - cut;
    if (await b.take('vm2', 'two').catch(() => false)) bTook = Date.now() - cut;
    if (Date.now() - cut > 10_000) throw new Error('b never claimed the machine');
    await new Promise((r) => setTimeout(r, 50));
  }
  console.log(`host cut off: it gave its machine up after ${aLost} ms, another claimed it after ${bTook} ms (TTL 2 s)`);
  expect(lost).toEqual([expect.stringMatching(/^a lost vm2: no lease renewal confirmed/)]);
  expect(aLost).toBeGreaterThan(0);
  expect(aLost).toBeLessThan(bTook);
  await m0!.restart();
  await b.stop();
}, 30_000);

it('reads back a claim and names what is wrong with anything else', () => {
  expect(decodeClaim(encodeClaim({ host: 'h:1@x', name: 'vm', since: 5 }))).toEqual({
    host: 'h:1@x',
    name: 'vm',
    since: 5,
  });
  expect(decodeClaim('[]')).toMatchObject({ error: expect.any(String) });
  expect(decodeClaim('{"host":"h","since":1}')).toMatchObject({ error: expect.any(String) });
});
