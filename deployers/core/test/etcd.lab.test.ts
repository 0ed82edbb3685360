import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { labSkipReason } from '@paddock/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EtcdCertAuthority, etcdSteps, planMembers, runDeployment, type Transport } from '../src/index.ts';
import { LAB_OVERLAY, SshLab } from './ssh-lab.ts';

const skip = labSkipReason();

describe.skipIf(skip)('paddock deploy etcd: a TLS etcd cluster on the overlay, over SSH', () => {
  let l: SshLab;
  let t: Transport;
  const names = ['n1', 'n2', 'n3', 'n4'];
  let authority: EtcdCertAuthority;
  const members = (hosts: string[]) =>
    planMembers(LAB_OVERLAY, l.targets(names))
      .filter((m) => hosts.includes(m.target.name))
      .map((m) => ({ target: m.target, address: m.address.split('/')[0]! }));
  const deploy = async (hosts: string[]) =>
    runDeployment(await etcdSteps({ cluster: 'lab', members: members(hosts), authority }, t), t, { limit: 5 });
  const etcdctl = (args: string[], hosts = ['n1', 'n2', 'n3']) =>
    l.etcdctl(
      'lab',
      members(hosts).map((m) => m.address),
      args,
    );

  beforeAll(async () => {
    l = await SshLab.create('deploy-etcd', names);
    t = await l.transport(l.targets(names));
    authority = l.certAuthority();
    const ovl = await runDeployment(l.overlay(names), t, { limit: 4 });
    expect(ovl.failures).toEqual([]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await l?.destroy();
  });

  it('bootstraps three members; every endpoint is healthy; a second run changes nothing', async () => {
    const first = await deploy(['n1', 'n2', 'n3']);
    expect(first.failures).toEqual([]);
    expect(first.changed).toBeGreaterThan(0);
    const health = await etcdctl(['endpoint', 'health']);
    const healthy = new Set(`${health.stdout}${health.stderr}`.match(/https:\/\/[\d.]+:2379 is healthy/g));
    expect([...healthy].sort()).toEqual(['1', '2', '3'].map((i) => `https://10.99.0.${i}:2379 is healthy`));
    expect(health.code).toBe(0);
    const second = await deploy(['n1', 'n2', 'n3']);
    expect(second).toMatchObject({ ok: true, changed: 0 });
    expect(
      execFileSync('openssl', [
        'x509',
        '-in',
        join(l.get('n2').sshd.root, 'etc/paddock/etcd/lab/member.crt'),
        '-noout',
        '-ext',
        'subjectAltName',
      ]).toString(),
    ).toMatch(/IP Address:10\.99\.0\.2/);
  }, 120_000);

  it('adds a fourth member, then removes it, keeping quorum and data', async () => {
    expect((await etcdctl(['put', 'k', 'v1'])).code).toBe(0);
    const add = await deploy(['n1', 'n2', 'n3', 'n4']);
    expect(add.failures).toEqual([]);
    expect((await etcdctl(['member', 'list'])).stdout).toMatch(/n4, https:\/\/10\.99\.0\.4:2380/);
    const remove = await deploy(['n1', 'n2', 'n3']);
    expect(remove.failures).toEqual([]);
    const list = (await etcdctl(['member', 'list'], ['n1'])).stdout;
    expect(list).not.toMatch(/n4/);
    expect(list.trim().split('\n')).toHaveLength(3);
    expect((await etcdctl(['get', 'k', '--print-value-only'], ['n2'])).stdout.trim()).toBe('v1');
  }, 180_000);
});
