/**
 * MetaStack-style machine claims in a lab: a 3-member etcd in a lab host of its own, two
 * `paddock up` compute hosts on one segment (each with DHCP, boot and keys on its eth0), one
 * diskless QEMU machine desired on. The first host claims the machine and network-boots it to
 * ready; `paddock status` on either server shows which host holds it. kill -9 of that host and
 * of its QEMU: the other host claims the machine once the claim's lease has ended, starts it,
 * and it network-boots back to ready (its keys service issues the new token); the singleton
 * roles move to it too.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { type Bridge, Lab, labSkipReason } from '@paddock/lab';
import { LifecycleState, lifecycleStateToJSON, type Node } from '@paddock/proto/inventory/v1/inventory.ts';
import { type EtcdCluster, startEtcdCluster } from '@paddock/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMachine, powerOn, prepareBoot, waitForNode } from '../../../services/cli/src/demo/machine-setup.ts';
import { type LabUp, startLabUp } from '../inventory/lab-up.ts';
import { CLI_BIN, REPO_ROOT, sitePassphraseArgs } from '../paddock-process.ts';

const run = promisify(execFile);
const TTL = 3;
const NET = '10.93.0';
const skip =
  labSkipReason() ??
  (!existsSync('/usr/bin/qemu-system-x86_64') && !process.env['CI'] ? 'qemu-system-x86 is missing' : undefined);

const ready = (n: Node) => n.lifecycle?.state === LifecycleState.LIFECYCLE_STATE_READY;

/** The pid of the machine's QEMU under a server's data dir, if it runs. */
function qemuPid(dataDir: string, id: string): number | undefined {
  const dir = join(dataDir, 'qemu', id);
  try {
    const pid = Number(readFileSync(join(dir, 'qemu.pid'), 'utf8').trim());
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`${dir}/`) ? pid : undefined;
  } catch {
    return undefined;
  }
}

describe.skipIf(skip)('compute hosts claim QEMU machines on etcd', () => {
  let lab: Lab;
  let bridge: Bridge;
  let dir: string;
  let etcd: EtcdCluster;
  let args: string[];
  const hosts: LabUp[] = [];
  let machine: Node;

  beforeAll(async () => {
    lab = await Lab.create('claims');
    dir = mkdtempSync(join(tmpdir(), 'paddock-claims-'));
    bridge = await lab.bridge('br0');
    const store = await lab.host('store');
    await lab.link(store, bridge, { ifname: 'eth0', addresses: [`${NET}.9/24`] });
    etcd = await startEtcdCluster(3, { netns: { name: store.netns, address: `${NET}.9` } });
    // biome-ignore format: flag and value pairs read best side by side
    args = [
      '--store', `etcd://${etcd.endpoints}/sites/claims/`, '--site', 'claims',
      '--compute-host', '--claim-ttl', String(TTL), '--role-ttl', String(TTL),
      ...sitePassphraseArgs(),
    ];
    hosts.push(await startHost('a', 1));
  }, 120_000);

  afterAll(async () => {
    for (const h of hosts) await h.up.kill('SIGKILL');
    await etcd?.close();
    await lab?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function startHost(name: string, octet: number): Promise<LabUp> {
    const server = await lab.host(name);
    await lab.link(server, bridge, { ifname: 'eth0', addresses: [`${NET}.${octet}/24`] });
    const h = await startLabUp({ server, bridge, net: NET, dataDir: join(dir, name), dir, args });
    const c = h.clients();
    try {
      await prepareBoot(c.boot);
    } finally {
      c.close();
    }
    return h;
  }

  const status = async (h: LabUp) =>
    JSON.parse(
      (
        await run(process.execPath, [CLI_BIN, 'status', '--json', '--data-dir', h.dataDir, '--server', h.grpcAddress], {
          cwd: REPO_ROOT,
        })
      ).stdout,
    ).cluster;

  it('a compute host claims the machine desired on and boots it to ready; status shows who holds it', async () => {
    const a = hosts[0]!;
    const c = a.clients();
    try {
      machine = await createMachine(c.inventory, 'claimed-vm');
      const on = await powerOn(c.inventory, machine);
      await waitForNode(c.inventory, machine.id, on.revision, ready, 150_000).catch((err: Error) => {
        throw new Error(`${err.message}\npaddock up a:\n${a.up.output().slice(-3000)}`);
      });
    } finally {
      c.close();
    }
    expect(qemuPid(a.dataDir, machine.id)).toBeDefined();
    hosts.push(await startHost('b', 2));
    const [sa, sb] = [await status(a), await status(hosts[1]!)];
    expect(sa.claims).toEqual([expect.objectContaining({ machine: machine.id, name: 'claimed-vm', host: sa.server })]);
    expect(sa.claims[0].here).toBe(true);
    expect(sb.claims).toEqual([expect.objectContaining({ machine: machine.id, host: sa.server })]);
    expect(sb.claims[0].here ?? false).toBe(false);
    const { stdout } = await run(
      process.execPath,
      [CLI_BIN, 'status', '--data-dir', hosts[1]!.dataDir, '--server', hosts[1]!.grpcAddress],
      { cwd: REPO_ROOT },
    );
    expect(stdout).toContain(`machine  claimed-vm: ${sa.server} for`);
  }, 240_000);

  it('kill -9 of the holder and its QEMU: the other host runs the machine, ready again within TTL + boot', async () => {
    const [a, b] = hosts as [LabUp, LabUp];
    const oldPid = qemuPid(a.dataDir, machine.id);
    expect(oldPid).toBeDefined();
    const c = b.clients();
    try {
      const from = (await c.inventory.getNode({ node: machine.id })).node!.revision;
      const killed = Date.now();
      process.kill(JSON.parse(readFileSync(join(a.dataDir, 'run', 'up.json'), 'utf8')).pid, 'SIGKILL');
      process.kill(oldPid!, 'SIGKILL');
      let runningMs = 0;
      while (!runningMs) {
        if (qemuPid(b.dataDir, machine.id)) runningMs = Date.now() - killed;
        if (Date.now() - killed > (TTL + 20) * 1000)
          throw new Error(`not started on b:\n${b.up.output().slice(-3000)}`);
        await sleep(50);
      }
      const after = await waitForNode(c.inventory, machine.id, from, ready, 150_000);
      const readyMs = Date.now() - killed;
      const load = loadavg().map((x) => x.toFixed(2));
      console.log(
        `compute host killed: the machine ran on the other host after ${(runningMs / 1000).toFixed(2)} s (claim TTL ${TTL} s), ready after ${(readyMs / 1000).toFixed(1)} s (boot ${((readyMs - runningMs) / 1000).toFixed(1)} s); load average ${load.join(' ')}`,
      );
      // The lease's TTL, one pass of the survivor (1 s) and QEMU's start on a busy machine.
      expect(runningMs).toBeLessThan((TTL + 3) * 1000);
      expect(runningMs).toBeGreaterThan(TTL * 1000 * 0.8);
      const states = after.lifecycle!.history.map((e) => lifecycleStateToJSON(e.state));
      expect(states.slice(-3)).toEqual(['LIFECYCLE_STATE_OFF', 'LIFECYCLE_STATE_BOOTING', 'LIFECYCLE_STATE_READY']);
      expect(after.lifecycle!.history.at(-1)).toMatchObject({ source: 'keys' });
    } finally {
      c.close();
    }
    const sb = await status(b);
    expect(sb.claims).toEqual([expect.objectContaining({ machine: machine.id, host: sb.server, here: true })]);
    expect(sb.roles.every((r: { here?: boolean }) => r.here)).toBe(true);
  }, 240_000);
});
