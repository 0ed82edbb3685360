import { execFileSync } from 'node:child_process';
import { type EtcdCluster, startEtcdCluster } from '@paddock/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncEtcd } from './sync-etcd.ts';

describe('SyncEtcd.watch', () => {
  let etcd: EtcdCluster;
  let client: SyncEtcd | undefined;
  beforeAll(async () => {
    etcd = await startEtcdCluster(3);
  }, 60_000);
  afterAll(async () => {
    client?.close();
    await etcd?.close();
  });
  /** etcdctl against one member, tried again while the cluster elects a leader after a kill. */
  async function etcdctl(endpoint: string, ...args: string[]): Promise<string> {
    for (let tries = 1; ; tries++) {
      try {
        return execFileSync('etcdctl', [`--endpoints=${endpoint}`, ...args], {
          encoding: 'utf8',
          env: { ETCDCTL_API: '3' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      } catch (err) {
        if (tries === 20) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  it('tells of each change, and after a gap compacted away tells again (the owner reloads)', async () => {
    const [m0, m1] = [etcd.members[0]!, etcd.members[1]!];
    // The client knows only member 0, so stopping it cuts the watch off.
    client = new SyncEtcd([m0.endpoint], 2_000);
    let calls = 0;
    client.watch('/w/changed', () => calls++);
    await expect.poll(() => calls, { timeout: 10_000 }).toBe(1);
    await etcdctl(m1.endpoint, 'put', '/w/changed', '1');
    await expect.poll(() => calls, { timeout: 5_000 }).toBe(2);

    await m0.stop(true);
    // Written and compacted away while the client was cut off: its watch cannot resume there.
    await etcdctl(m1.endpoint, 'put', '/w/changed', '2');
    const rev = /"revision":(\d+)/.exec(await etcdctl(m1.endpoint, 'put', '/w/other', 'x', '-w', 'json'))![1]!;
    await etcdctl(m1.endpoint, 'compact', rev);
    await m0.restart();
    await expect.poll(() => calls, { timeout: 20_000, interval: 100 }).toBeGreaterThanOrEqual(3);
    // And the new watch follows later changes.
    const before = calls;
    await etcdctl(m1.endpoint, 'put', '/w/changed', '3');
    await expect.poll(() => calls, { timeout: 5_000 }).toBe(before + 1);
  }, 60_000);
});
