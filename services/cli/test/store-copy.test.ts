/**
 * `paddock store copy` as an operator runs it, against a real etcd: a data dir's leases, nodes,
 * DHCP config, boot rules, scripts and file records, keys rows and authorities, deployments, scanner
 * nodes, ports and records go to etcd and
 * come back into another data dir with counts and digests unchanged (and read back
 * independently through the stores the servers use); a destination that holds the site
 * already, and a data dir a server is running on, are refused with nothing written.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DeploymentRecord, openDeploymentStoreAt } from '@paddock/deploy-service';
import { resolveOptions } from '@paddock/deploy-service/request';
import { EtcdLeaseStore, type Lease } from '@paddock/dhcp';
import { EtcdStore, type Node } from '@paddock/inventory';
import { openAuthorities } from '@paddock/keys';
import { type EtcdCluster, startEtcd } from '@paddock/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSiteRecords, type Records } from '../src/store/site-records.ts';
import { putScanner, readScanner } from '../src/store/site-scanner.ts';
import { openSiteStores } from '../src/store/site-stores.ts';
import { BIN } from './serve-args.ts';

const dir = mkdtempSync(join(tmpdir(), 'paddock-store-copy-'));
const run = (args: string[]) =>
  new Promise<{ code: number; out: string; err: string }>((resolve) =>
    execFile(process.execPath, [BIN, 'store', 'copy', ...args], { timeout: 60_000 }, (e, out, err) =>
      resolve({ code: e ? Number(e.code ?? 1) : 0, out, err }),
    ),
  );

const lease = (i: number): Lease => ({
  address: 0x0a000064 + i,
  clientKey: `01:52:54:00:00:00:${i.toString(16).padStart(2, '0')}`,
  mac: `52:54:00:00:00:${i.toString(16).padStart(2, '0')}`,
  clientId: '',
  hostname: `host-${i}`,
  subnetId: 'lab',
  state: i % 7 === 0 ? 'released' : 'bound',
  startsAt: 1_700_000_000 + i,
  expiresAt: 1_700_003_600 + i,
  revision: i + 1,
  relay: '',
  interface: 'eth0',
  vendorClass: 'PXEClient:Arch:00007',
  architecture: 7,
});
const node = (i: number): Node =>
  ({
    id: `n${i}`,
    name: `node-${i}`,
    labels: { rack: String(i % 3), role: i === 0 ? 'server' : 'worker' },
    nics: [{ mac: `52:54:00:00:00:${i.toString(16).padStart(2, '0')}`, vendor: 'QEMU' }],
    addresses: [{ ip: `10.0.0.${100 + i}`, mac: `52:54:00:00:00:0${i}`, source: 'dhcp', updatedAt: 5, expiresAt: 9 }],
    architecture: 'x86_64',
    firmware: 'uefi',
    vendor: 'QEMU',
    provider: { name: 'qemu', options: { memory: '512' } },
    power: { desired: 'on', observed: 'on', observedAt: 3, changedAt: 2, error: '' },
    lifecycle: { state: 'ready', history: [{ state: 'ready', at: 4, reason: 'enrolled', source: 'keys' }] },
    bootRule: 'node-image',
    description: `machine ${i}`,
    createdAt: 1,
    updatedAt: 4,
    lastSeenAt: 4,
    revision: 0n,
  }) as unknown as Node;

/** A deployment as the deploy service stores it: an ended one with a failed host, or one a server was stopped under. */
const deployment = (i: number, dataDir: string): DeploymentRecord => ({
  view: {
    id: `dep-${i}`,
    set: i === 0 ? 'etcd' : 'overlay',
    state: i === 0 ? 'failed' : 'interrupted',
    stage: 'overlay-join',
    hosts: ['n1', 'n2'].map((name, h) => ({
      name,
      address: `10.0.0.${11 + h}`,
      stage: 'overlay-join',
      state: h === 0 ? 'failed' : 'ok',
      stepsDone: 1 + h,
      stepTotal: 2,
      step: 'agent',
      stepTitle: 'the agent runs',
      stepStatus: h === 0 ? 'failed' : 'unchanged',
      changed: h,
      unchanged: 1,
      error: h === 0 ? 'exit 3: agent not found' : '',
      steps: [{ id: 'state', title: 'state file', status: 'changed', detail: '' }],
    })),
    changed: 1,
    error: 'n1: exit 3: agent not found',
    createdAt: 1_700_000_000 + i,
    finishedAt: 1_700_000_060 + i,
    options: resolveOptions({ limit: 4, cluster: 'lab' }),
    decision: '',
  },
  progressName: 'overlay-paddock',
  logDir: join(dataDir, 'deploy', 'overlay-paddock', 'logs'),
  revision: BigInt(40 + i),
  owner: `host-a:${dataDir}`,
  tails: { n1: ['+ paddock overlay agent', 'exit 3'], n2: [] },
});

const sha = (i: number) => i.toString(16).padStart(64, '0');
/** One of each kind of record, with the fields a careless copy would lose. */
const records: Omit<Records, 'rules' | 'scripts'> = {
  subnets: [{ id: 'lab', doc: { id: 'lab', cidr: '10.0.0.0/24' }, fileHash: 'f1' }],
  reservations: [{ id: 'r1', doc: { id: 'r1', mac: '52:54:00:00:00:01', address: '10.0.0.9' }, fileHash: null }],
  files: [1, 2, 3].map((i) => ({
    name: `img/f${i}`,
    size: i,
    sha256: sha(i),
    access: 'public' as const,
    nodeMac: '',
    updatedAt: i,
  })),
  tokens: Array.from({ length: 60 }, (_, i) => ({
    id: `tok-${i}`,
    hash: `hash-${i}`,
    node: `node-${i}`,
    addresses: [`10.0.0.${i}`],
    createdAt: i,
    expiresAt: 1000 + i,
    state: i % 2 ? ('used' as const) : ('live' as const),
    usedAt: i % 2 ? 500 + i : undefined,
    outcome: i % 2 ? 'enrolled' : '',
  })),
  certs: [
    {
      serial: '0a',
      kind: 'x509',
      role: 'node',
      subject: 'node-1',
      principals: ['node-1'],
      publicKey: 'k',
      notBefore: 1,
      notAfter: 2,
      issuedAt: 1,
      tokenId: 'tok-1',
      revokedAt: 7,
      revokeReason: 'lost',
    },
  ],
};

describe('paddock store copy', () => {
  let etcd: EtcdCluster;
  /** `paddock store copy` from the test's etcd into the data dir `to`. */
  const copyBack = (to: string, ...more: string[]) =>
    run(['--from', `etcd://${etcd.endpoints}`, '--to', 'sqlite', '--data-dir', to, '--site', 'lab', ...more]);
  const first = join(dir, 'first');
  const second = join(dir, 'second');
  const leases = Array.from({ length: 300 }, (_, i) => lease(i));
  const nodes = Array.from({ length: 12 }, (_, i) => node(i));
  const deployments = [0, 1].map((i) => deployment(i, first));
  const scanner = {
    nodes: [0, 1].map((i) => ({
      mac: `52:54:00:00:01:0${i}`,
      ips: [`10.0.0.${50 + i}`],
      online: i === 0,
      conflict: false,
      firstSeenMs: 10 + i,
      lastSeenMs: 20 + i,
    })),
    ports: [{ ip: '10.0.0.50', port: 22, protocol: 1, service: 'ssh', seenMs: 30 }],
    records: [{ kind: 'scan', id: 'scan-1', startedMs: 40, record: { id: 'scan-1', found: 2 } }],
  };

  beforeAll(async () => {
    etcd = await startEtcd();
    const s = await openSiteStores({ kind: 'sqlite' }, first, 'lab');
    await s.putLeases(leases);
    s.putNodes(nodes);
    await s.close();
    const r = openSiteRecords({ kind: 'sqlite' }, first, 'lab');
    const rule = JSON.stringify({ name: 'custom', priority: 3, action: { kind: 'ignore' } });
    const script = { name: 'install', body: '#!ipxe\n', description: 'd' };
    // A default rule deleted in the source stays deleted in the destination.
    const rules = [...r.read().rules.filter((b) => !b.includes('bios-ipxe')), rule];
    r.put({ ...records, rules, scripts: [...r.read().scripts, script] });
    r.close();
    const deploys = openDeploymentStoreAt({ kind: 'sqlite' }, first, 'lab');
    for (const d of deployments) await deploys.save(d);
    await deploys.close();
    putScanner({ kind: 'sqlite' }, first, 'lab', scanner);
    await openAuthorities(join(first, 'keys'), 'a passphrase for the copy test');
  }, 30_000);
  afterAll(async () => {
    await etcd?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves the leases and nodes to etcd, where the servers read every one of them', async () => {
    const r = await run(['--from', 'sqlite', '--to', `etcd://${etcd.endpoints}`, '--data-dir', first, '--site', 'lab']);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^leases: 300 copied, sha256 [0-9a-f]{64} the same on both sides\nnodes: 12 copied, /);
    for (const line of [
      'subnets: 1',
      'reservations: 1',
      'bootRules: 3',
      'bootScripts: 2',
      'bootFiles: 3',
      'keysTokens: 60',
      'keysCerts: 1',
      'deployments: 2',
      'scannerNodes: 2',
      'scannerPorts: 1',
      'scannerRecords: 1',
    ])
      expect(r.out).toContain(`${line} copied`);
    // Read back as `paddock up --store etcd://… --site lab` would, with no help from the copy's code.
    const prefix = '/paddock/lab/';
    const onEtcd = await EtcdLeaseStore.open({ endpoints: etcd.endpoints.split(','), prefix, site: 'lab' });
    const got = onEtcd.load().sort((a, b) => a.address - b.address);
    await onEtcd.close();
    expect(got).toEqual(leases);
    const inv = EtcdStore.open({ endpoints: etcd.endpoints.split(','), prefix, site: 'lab' });
    const names = inv.list().nodes.map((n) => [n.name, n.labels['role'], n.lifecycle.state]);
    inv.close();
    // Every deployment whole under the site's prefix, still naming the server that ran it.
    const onEtcdDeploys = openDeploymentStoreAt({ kind: 'etcd', endpoints: etcd.endpoints.split(',') }, first, 'lab');
    expect((await onEtcdDeploys.load(`host-a:${first}`)).records).toEqual(deployments);
    await onEtcdDeploys.close();
    const byName = [...nodes].sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(names).toEqual(byName.map((n) => [n.name, n.labels['role'], 'ready']));
  }, 60_000);

  it('refuses a destination that holds the site already, copying nothing', async () => {
    const r = await run(['--from', 'sqlite', '--to', `etcd://${etcd.endpoints}`, '--data-dir', first, '--site', 'lab']);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(
      'holds 300 leases and 12 nodes of site lab already: copy only into an empty store (and 72 DHCP config, boot file, keys, deployment and scanner records)',
    );
  }, 60_000);

  it('refuses while a server runs on the data dir', async () => {
    mkdirSync(join(second, 'run'), { recursive: true });
    const runFile = join(second, 'run', 'up.json');
    writeFileSync(
      runFile,
      JSON.stringify({ name: 'up', services: [], grpc: '', http: '', pid: process.pid, insecure: true }),
    );
    const r = await copyBack(second);
    rmSync(runFile);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(`runs on ${second}: stop it first`);
  }, 60_000);

  it('brings them back from etcd into an empty data dir with the same digests', async () => {
    const r = await copyBack(second, '--json');
    expect(r.err).toBe('');
    const there = JSON.parse(r.out) as Record<string, { count: number; sha256: string }>;
    const here = JSON.parse(
      (
        await run([
          '--from',
          'sqlite',
          '--to',
          `etcd://${etcd.endpoints}/other`,
          '--data-dir',
          first,
          '--site',
          'lab',
          '--json',
        ])
      ).out,
    );
    expect(there).toEqual(here);
    const restored = openSiteRecords({ kind: 'sqlite' }, second, 'lab');
    expect(restored.read()).toMatchObject(records);
    expect(
      restored
        .read()
        .rules.map((b) => JSON.parse(b).name)
        .sort(),
    ).toEqual(['custom', 'ipxe-default-script', 'uefi-x64-ipxe']);
    restored.close();
    // The authorities came back as they lay in the first data dir: sealed keys, same CA.
    for (const file of ['cluster-ca.crt', 'cluster-ca.key', 'ssh-host-ca.key', 'site-id'])
      expect(readFileSync(join(second, 'keys', file), 'utf8')).toBe(readFileSync(join(first, 'keys', file), 'utf8'));
    const back = JSON.parse(r.out) as { leases: { count: number; sha256: string }; nodes: { count: number } };
    expect(back.leases.count).toBe(300);
    expect(back.nodes.count).toBe(12);
    const deploys = openDeploymentStoreAt({ kind: 'sqlite' }, second, 'lab');
    expect((await deploys.load()).records).toEqual(deployments);
    expect(readScanner({ kind: 'sqlite' }, second, 'lab')).toEqual(scanner);
    await deploys.close();
    const s = await openSiteStores({ kind: 'sqlite' }, second, 'lab');
    expect(s.leases().sort((a, b) => a.address - b.address)).toEqual(leases);
    expect(
      s
        .nodes()
        .map((n) => n.description)
        .sort(),
    ).toEqual(nodes.map((n) => n.description).sort());
    await s.close();
  }, 60_000);
});
