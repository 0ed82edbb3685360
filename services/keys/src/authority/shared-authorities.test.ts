import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSiteEtcd, type SyncEtcd } from '@paddock/etcd';
import { useTestEtcd } from '@paddock/testkit/etcd-suite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_PASSPHRASE } from '../server/testkit.ts';
import { caFingerprint, openAuthorities } from './authorities.ts';
import { rotateClusterCa } from './ca-rotation.ts';
import { shareAuthorities } from './shared-authorities.ts';

const etcd = useTestEtcd();
let client: SyncEtcd;
const root = mkdtempSync(join(tmpdir(), 'paddock-shared-ca-'));
const PREFIX = '/paddock-test/authorities/';
beforeAll(() => {
  client = etcd.track(openSiteEtcd({ ...etcd.storeOptions(), prefix: PREFIX }));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const dir = (name: string) => join(root, name, 'keys');
const share = (name: string, prefix = PREFIX) => shareAuthorities(client, prefix, dir(name), TEST_PASSPHRASE);
const open = async (name: string) => caFingerprint(await openAuthorities(dir(name), TEST_PASSPHRASE));

it('the first server publishes its authorities sealed; the next takes them and signs with the same CA', async () => {
  await share('a');
  await share('b');
  expect(await open('b')).toBe(await open('a'));
  for (const name of ['ssh-host-ca.pub', 'ssh-user-ca.pub', 'site-id'])
    expect(readFileSync(join(dir('b'), name), 'utf8')).toBe(readFileSync(join(dir('a'), name), 'utf8'));
  // Every private key on etcd is PKCS#8 encrypted under the passphrase, none in clear.
  const values = etcd.etcdctl('get', '--prefix', `${PREFIX}keys/authority/`);
  expect(values.match(/BEGIN ENCRYPTED PRIVATE KEY/g)).toHaveLength(3);
  expect(values).not.toMatch(/BEGIN (EC |RSA )?PRIVATE KEY/);
  expect(() =>
    execFileSync('openssl', ['pkey', '-passin', 'pass:not the passphrase', '-noout'], {
      input: readFileSync(join(dir('b'), 'cluster-ca.key')),
      stdio: ['pipe', 'ignore', 'ignore'],
    }),
  ).toThrow();
});

it('refuses a keys dir of another site, naming the file, and changes nothing', async () => {
  await openAuthorities(dir('stranger'), TEST_PASSPHRASE);
  const before = await open('stranger');
  await expect(share('stranger')).rejects.toThrow(/cluster-ca\.crt is not the site's cluster CA on etcd/);
  expect(await open('stranger')).toBe(before);
});

it('a CA rotated on one server is published; a server the site rotated past takes the new one', async () => {
  const old = await open('a');
  await rotateClusterCa(dir('a'), TEST_PASSPHRASE);
  await share('a');
  const rotated = await open('a');
  expect(rotated).not.toBe(old);
  await share('b');
  expect(await open('b')).toBe(rotated);
  expect((await openAuthorities(dir('b'), TEST_PASSPHRASE)).cluster.previous).toHaveLength(1);
});

it('two servers starting at once on an empty site agree on one set', async () => {
  await Promise.all([share('c', '/paddock-test/race/'), share('d', '/paddock-test/race/')]);
  expect(await open('c')).toBe(await open('d'));
});
