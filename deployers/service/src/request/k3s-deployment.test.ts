import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveOptions } from './deploy-options.ts';
import { k3sDeployment } from './k3s-deployment.ts';
import { parseHosts } from './targets.ts';

const hosts = parseHosts(['n1=192.168.1.11', 'n2=192.168.1.12', 'n3=192.168.1.13', 'n4=192.168.1.14']);
const authority = { caBundle: async () => 'CA\n', issue: async () => 'CERT\n' };

describe('paddock deploy k3s: flags to a deployment', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-k3s-cli-'));
    mkdirSync(join(dir, 'bundle'));
    writeFileSync(join(dir, 'bundle/k3s'), 'binary');
    writeFileSync(join(dir, 'bundle/k3s-airgap-images-amd64.tar.zst'), 'images');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const flags = (more = {}) => resolveOptions({ bundle: join(dir, 'bundle'), cluster: 'c1', ...more });
  const stagesOf = async (more = {}) =>
    (await k3sDeployment(dir, flags(more), hosts, authority)).stages.map((s) => [s.name, s.hosts.map((h) => h.name)]);

  it('makes the first three hosts servers and the rest agents, first server alone, servers one by one', async () => {
    expect(await stagesOf()).toEqual([
      ['k3s-install', ['n1', 'n2', 'n3', 'n4']],
      ['k3s-first-server', ['n1']],
      ['k3s-servers', ['n2', 'n3']],
      ['k3s-agents', ['n4']],
      ['k3s-kubeconfig', ['n1']],
    ]);
    expect(await stagesOf({ servers: 'n3' })).toEqual([
      ['k3s-install', ['n3', 'n1', 'n2', 'n4']],
      ['k3s-first-server', ['n3']],
      ['k3s-agents', ['n1', 'n2', 'n4']],
      ['k3s-kubeconfig', ['n3']],
    ]);
  });

  it('keeps one token per cluster in the data dir (0600), or uses the given file', async () => {
    await k3sDeployment(dir, flags(), hosts, authority);
    const tokenFile = join(dir, 'deploy/k3s-c1/token');
    const made = readFileSync(tokenFile, 'utf8');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    await k3sDeployment(dir, flags(), hosts, authority);
    expect(readFileSync(tokenFile, 'utf8')).toBe(made);
    writeFileSync(join(dir, 'given'), 'given-token-0123456789\n', { mode: 0o600 });
    await k3sDeployment(dir, flags({ cluster: 'c2', tokenFile: join(dir, 'given') }), hosts, authority);
    expect(() => statSync(join(dir, 'deploy/k3s-c2/token'))).toThrow();
    await expect(k3sDeployment(dir, flags({ tokenFile: join(dir, 'nope') }), hosts, authority)).rejects.toThrow(
      /token file .*nope/,
    );
  });

  it('finds the datastore members from the last deploy etcd, or says to run it', async () => {
    await expect(stagesOf({ datastore: 'main' })).rejects.toThrow(/no finished `paddock deploy etcd --cluster main`/);
    mkdirSync(join(dir, 'deploy/etcd-main'), { recursive: true });
    writeFileSync(
      join(dir, 'deploy/etcd-main/progress.json'),
      JSON.stringify({
        fingerprint: 'x',
        complete: true,
        hosts: { 'etcd-health/n1': { done: [] }, 'etcd-health/n2': { done: [] } },
      }),
    );
    const set = await k3sDeployment(dir, flags({ datastore: 'main' }), hosts, authority);
    const ids = set.stages[0]!.steps(hosts[0]!).map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['files', 'datastore-key', 'datastore-ca', 'datastore-cert']));
    expect(set.stages[0]!.steps(hosts[3]!).map((s) => s.id)).not.toContain('datastore-cert');
    await expect(stagesOf({ servers: 'n9' })).rejects.toThrow(/--servers: n9 is not one of the --host names/);
  });
});
