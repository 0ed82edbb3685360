import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { type EtcdCluster, startEtcd } from '@paddock/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, REPO_ROOT, type RunningPaddock, sitePassphraseArgs, startPaddockUp } from '../paddock-process.ts';

const run = promisify(execFile);

describe('paddock up --store etcd://…', () => {
  let etcd: EtcdCluster;
  let server: RunningPaddock | undefined;
  beforeAll(async () => {
    etcd = await startEtcd();
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    await etcd?.close();
  });

  const passphrase = sitePassphraseArgs();
  const store = () => ['--store', `etcd://${etcd.endpoints}/sites/e2e`, '--site', 'e2e', ...passphrase];
  const paddock = async (...args: string[]) =>
    (await run(process.execPath, [CLI_BIN, ...args, '--data-dir', server!.dataDir], { cwd: REPO_ROOT })).stdout;

  it('keeps its nodes in etcd: a server started afresh on another data dir finds them', async () => {
    server = await startPaddockUp({ args: store() });
    await paddock('nodes', 'create', 'rack1-a', '--mac', '52:54:00:12:34:56', '--label', 'rack=1');
    await server.stop();
    // A new data dir: nothing local survives, so what is found came from etcd.
    server = await startPaddockUp({ args: store() });
    const node = JSON.parse(await paddock('nodes', 'get', '52:54:00:12:34:56', '--json'));
    expect(node).toMatchObject({ name: 'rack1-a', labels: { rack: '1' } });
    const keys = execFileSync(
      'etcdctl',
      [`--endpoints=${etcd.endpoints}`, 'get', '--prefix', '--keys-only', '/sites/e2e/'],
      {
        encoding: 'utf8',
        env: { ETCDCTL_API: '3' },
      },
    );
    expect(keys).toContain('/sites/e2e/inventory/names/rack1-a');
    await server.stop();
    server = undefined;
  }, 120_000);

  it('refuses to start on a prefix that holds another site, naming it', async () => {
    await expect(
      startPaddockUp({ args: ['--store', `etcd://${etcd.endpoints}/sites/e2e`, '--site', 'north'] }),
    ).rejects.toThrow(/belongs to site "e2e", not "north"/);
  }, 60_000);

  it('says which etcd it cannot reach', async () => {
    await expect(startPaddockUp({ args: ['--store', 'etcd://127.0.0.1:9'] })).rejects.toThrow(
      /cannot reach etcd at 127\.0\.0\.1:9/,
    );
  }, 60_000);
});
