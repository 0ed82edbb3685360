import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { startEtcd, startEtcdCluster } from './etcd.ts';

const etcdctl = (endpoints: string, ...args: string[]) =>
  execFileSync('etcdctl', [`--endpoints=${endpoints}`, ...args], { encoding: 'utf8', env: { ETCDCTL_API: '3' } });

it('starts one etcd on loopback, and leaves no process or data behind', async () => {
  const etcd = await startEtcd();
  expect(etcd.endpoints).toMatch(/^127\.0\.0\.1:\d+$/);
  etcdctl(etcd.endpoints, 'put', 'k', 'v');
  expect(etcdctl(etcd.endpoints, 'get', 'k', '--print-value-only').trim()).toBe('v');
  const pid = etcd.members[0]!.pid;
  await etcd.close();
  expect(existsSync(`/proc/${pid}`)).toBe(false);
});

it('starts a 3-member cluster that keeps serving with its leader stopped, and names the new leader', async () => {
  const etcd = await startEtcdCluster(3);
  try {
    expect(etcd.endpoints.split(',')).toHaveLength(3);
    etcdctl(etcd.endpoints, 'put', 'k', 'v');
    const first = await etcd.leader();
    expect(first).toBeGreaterThanOrEqual(0);
    await etcd.members[first]!.stop(true);
    const rest = etcd.members
      .filter((_, i) => i !== first)
      .map((m) => m.endpoint)
      .join(',');
    expect(etcdctl(rest, 'get', 'k', '--print-value-only').trim()).toBe('v');
    const next = await etcd.leader();
    expect(next).toBeGreaterThanOrEqual(0);
    expect(next).not.toBe(first);
  } finally {
    await etcd.close();
  }
}, 60_000);
