import { expect, it } from 'vitest';
import { useEtcdCluster } from '../test-etcd.ts';
import { readRoles } from './read-roles.ts';
import { RoleElection } from './role-election.ts';
import { storeMembers } from './store-members.ts';

const PREFIX = '/paddock/test/';
const { cluster, client } = useEtcdCluster();

/** Samples both every 20 ms until `until` holds; fails if both ever hold the role at once. */
async function watchBoth(a: RoleElection, b: RoleElection, until: () => boolean, ms: number): Promise<number> {
  const start = Date.now();
  while (!until()) {
    expect(a.held() && b.held(), 'two holders at once').toBe(false);
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - start;
}

it('one holder; a resignation hands the role over at once; status reads holder and members', async () => {
  const eps = cluster().members.map((m) => m.endpoint);
  const changes: string[] = [];
  const mk = (server: string) =>
    new RoleElection(client(eps), {
      prefix: PREFIX,
      role: 'r1',
      server,
      ttlSeconds: 2,
      pollMs: 100,
      onChange: (held, why) => changes.push(`${server} ${held ? 'holds' : 'lost'}: ${why}`),
    }).start();
  const a = mk('a');
  await watchBoth(a, a, () => a.held(), 5_000);
  const b = mk('b');
  await new Promise((r) => setTimeout(r, 500));
  expect([a.held(), b.held()]).toEqual([true, false]);
  const roles = await readRoles(client(eps), PREFIX, 2_000);
  expect(roles).toEqual([expect.objectContaining({ role: 'r1', server: 'a', fence: a.fence() })]);
  const fenceA = a.fence();
  const took = Date.now();
  await a.stop();
  await watchBoth(a, b, () => b.held(), 2_000);
  expect(Date.now() - took).toBeLessThan(1_000);
  // The new holder's fence differs: a write guarded by a's fence fails now.
  expect(b.fence()).not.toBe(fenceA);
  expect(await b.fencedPut(`${PREFIX}log/1`, 'b')).toBe(true);
  expect(await a.fencedPut(`${PREFIX}log/2`, 'a')).toBe(false);
  expect(changes).toEqual(['a holds: the role was free', 'a lost: resigned at shutdown', 'b holds: the role was free']);
  const members = await storeMembers(client(eps), undefined, 2_000);
  expect(members.map((m) => m.healthy)).toEqual([true, true, true]);
  expect(members.filter((m) => m.leader)).toHaveLength(1);
  await b.stop();
}, 30_000);

it('a holder cut off from etcd steps down before another takes the role (never two holders)', async () => {
  const [m0, m1, m2] = cluster().members;
  const a = new RoleElection(client([m0!.endpoint]), {
    prefix: PREFIX,
    role: 'r2',
    server: 'a',
    ttlSeconds: 2,
    pollMs: 100,
  }).start();
  await watchBoth(a, a, () => a.held(), 5_000);
  const b = new RoleElection(client([m1!.endpoint, m2!.endpoint]), {
    prefix: PREFIX,
    role: 'r2',
    server: 'b',
    ttlSeconds: 2,
    pollMs: 100,
  }).start();
  await new Promise((r) => setTimeout(r, 300));
  const cut = Date.now();
  await m0!.stop(true);
  let aStepped = 0;
  await watchBoth(
    a,
    b,
    () => {
      if (!a.held() && !aStepped) aStepped = Date.now() - cut;
      return b.held();
    },
    8_000,
  );
  const bTook = Date.now() - cut;
  console.log(
    `holder cut off: it stepped down after ${aStepped} ms, the other held the role after ${bTook} ms (TTL 2 s)`,
  );
  expect(aStepped).toBeGreaterThan(0);
  expect(aStepped).toBeLessThan(bTook);
  // When the cut member was etcd's leader, the new leader gives every lease a fresh TTL
  // (etcd's lessor on promotion): the hand-over then takes up to two TTLs.
  expect(bTook).toBeLessThan(2 * 2_000 + 1_500);
  const members = await storeMembers(client([m1!.endpoint]), undefined, 1_000);
  expect(members.find((m) => m.name === m0!.name)).toMatchObject({ healthy: false });
  await m0!.restart();
  await b.stop();
  await a.stop();
}, 30_000);
