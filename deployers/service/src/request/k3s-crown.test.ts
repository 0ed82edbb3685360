import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveOptions } from './deploy-options.ts';
import { k3sServerStages } from './k3s-crown.ts';
import { recordK3s } from './k3s-record.ts';
import { parseHosts } from './targets.ts';

const hosts = parseHosts(['n1=192.168.1.11', 'n2=192.168.1.12', 'n3=192.168.1.13', 'n4=192.168.1.14']);
const authority = { caBundle: async () => 'CA\n', issue: async () => 'CERT\n' };

describe('crowning a worker where k3s runs on the crowned etcd cluster', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-k3s-crown-'));
    mkdirSync(join(dir, 'bundle'));
    writeFileSync(join(dir, 'bundle/k3s'), 'binary');
    writeFileSync(join(dir, 'bundle/k3s-airgap-images-amd64.tar.zst'), 'images');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const record = (datastore: string, complete: boolean) => {
    const options = resolveOptions({
      bundle: join(dir, 'bundle'),
      cluster: 'k',
      datastore,
      datastoreMembers: 'n1,n2,n3',
    });
    recordK3s(dir, { targets: hosts, options });
    writeFileSync(join(dir, 'deploy/k3s-k/progress.json'), JSON.stringify({ fingerprint: 'x', complete, hosts: {} }));
  };
  const stages = async (worker = 'n4') =>
    (await k3sServerStages(dir, 'main', worker, ['n1', 'n2', worker], authority)).map((s) => [
      s.name,
      s.hosts.map((h) => h.name),
      s.steps(s.hosts[0]!).map((x) => x.id),
    ]);

  it('makes the crowned worker a k3s server on the new member list, and no other host', async () => {
    record('main', true);
    expect(await stages()).toEqual([
      ['k3s-install', ['n4'], ['files', 'datastore-key', 'datastore-ca', 'datastore-cert']],
      ['k3s-servers', ['n4'], ['running', 'ready', 'token-matches']],
    ]);
  });

  it('does nothing for k3s on another datastore, an unfinished k3s run, or a worker k3s does not run on', async () => {
    record('other', true);
    expect(await stages()).toEqual([]);
    record('main', false);
    expect(await stages()).toEqual([]);
    record('main', true);
    const fewer = resolveOptions({ bundle: join(dir, 'bundle'), cluster: 'k', datastore: 'main' });
    recordK3s(dir, { targets: hosts.slice(0, 3), options: fewer });
    expect(await stages()).toEqual([]);
  });
});
