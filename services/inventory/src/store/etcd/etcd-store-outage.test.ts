import { type EtcdCluster, startEtcd } from '@paddock/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testNode } from '../store-contract.ts';
import { EtcdStore } from './etcd-store.ts';

let etcd: EtcdCluster;
beforeAll(async () => {
  etcd = await startEtcd();
}, 30_000);
afterAll(async () => {
  if (etcd) process.kill(etcd.members[0]!.pid, 'SIGCONT');
  await etcd?.close();
});

/** How long a synchronous call held the thread, and what it threw. */
function timed(f: () => unknown): { ms: number; error: string } {
  const started = Date.now();
  try {
    f();
    return { ms: Date.now() - started, error: '' };
  } catch (err) {
    return { ms: Date.now() - started, error: (err as Error).message };
  }
}

it('blocks the thread once per etcd outage, not once per call, and works again when etcd is back', async () => {
  const store = EtcdStore.open({ endpoints: [etcd.endpoints], prefix: '/outage/', site: 'lab' });
  store.commit({ writes: [{ kind: 'put', node: testNode('a', 'alpha'), create: true }] });
  // Frozen, not killed: connections stay open and go unanswered, as with a partitioned network
  // (a killed etcd refuses connections, and the client says so at once).
  const pid = etcd.members[0]!.pid;
  process.kill(pid, 'SIGSTOP');
  const first = timed(() => store.find('alpha'));
  expect(first.error).toMatch(/etcd at 127\.0\.0\.1:\d+: .*DEADLINE_EXCEEDED|did not answer within/);
  const later = [timed(() => store.find('alpha')), timed(() => store.list())];
  for (const t of later) {
    expect(t.error).toMatch(/unreachable \(a call timed out; retrying in the background\)/);
    expect(t.ms).toBeLessThan(50);
  }
  process.kill(pid, 'SIGCONT');
  let found: string | undefined;
  for (let i = 0; i < 100 && found === undefined; i++) {
    await new Promise((r) => setTimeout(r, 100));
    found = timed(() => store.find('alpha')).error === '' ? store.find('alpha')?.id : undefined;
  }
  expect(found).toBe('a');
  store.close();
}, 60_000);
