import { expect, it } from 'vitest';
import { useEtcdCluster } from '../test-etcd.ts';
import { readServers, ServerRegistration, serverKey } from './site-servers.ts';

const PREFIX = '/paddock/servers-test/';
const { cluster, client } = useEtcdCluster();

const reach = { grpc: '10.0.0.1:7400', hostname: 'h1', version: '0.0.0-test' };

it('a server is listed while it runs, written again when its lease is taken away, and gone when it stops', async () => {
  const eps = cluster().members.map((m) => m.endpoint);
  const problems: string[] = [];
  const reg = new ServerRegistration(client(eps), {
    prefix: PREFIX,
    record: { server: 'h1:10@10.0.0.1:7400', ...reach },
    ttlSeconds: 2,
    onProblem: (why) => problems.push(why),
  }).start();
  const listed = () => readServers(client(eps), PREFIX, 2_000);
  await expect
    .poll(listed, { timeout: 5_000 })
    .toEqual([{ server: 'h1:10@10.0.0.1:7400', ...reach, since: expect.any(Number) }]);
  // A foreign or damaged value under the prefix is named, not thrown.
  await client(eps).put(serverKey(PREFIX, 'junk')).value('{');
  expect(await listed()).toContainEqual({ server: 'junk', error: 'not JSON' });
  await client(eps).delete().key(serverKey(PREFIX, 'junk'));
  // Its lease revoked behind its back (as after a partition longer than the TTL): back within a TTL.
  const [kv] = (await client(eps).getAll().prefix(`${PREFIX}servers/`).exec()).kvs;
  await client(eps).leaseClient.leaseRevoke({ ID: kv!.lease });
  expect(await listed()).toEqual([]);
  await expect.poll(listed, { timeout: 4_000 }).toHaveLength(1);
  expect(problems).toContainEqual(expect.stringMatching(/lease of this server record ended/));
  await reg.stop();
  expect(await listed()).toEqual([]);
}, 30_000);
