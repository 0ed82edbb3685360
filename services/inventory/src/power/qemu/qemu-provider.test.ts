import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bridge, type Host, Lab, labSkipReason } from '@paddock/lab';
import { createLogger } from '@paddock/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inventory } from '../../core/inventory.ts';
import { powerNode } from '../../core/power-ops.ts';
import { createInput } from '../../core/test-inventory.ts';
import { MemoryStore } from '../../store/memory-store.ts';
import { ProviderRegistry } from '../provider.ts';
import { tapName } from './qemu-args.ts';
import { type QemuConfig, QemuProvider } from './qemu-provider.ts';

const skip = labSkipReason() ?? (existsSync('/usr/bin/qemu-system-x86_64') ? undefined : 'qemu-system-x86 missing');

describe.skipIf(skip)('QEMU provider in a lab', () => {
  let lab: Lab;
  let bridge: Bridge;
  let watcher: Host;
  let stateDir: string;
  const log = createLogger({ name: 'test', level: 'silent' });

  beforeAll(async () => {
    lab = await Lab.create('qemu-provider');
    bridge = await lab.bridge('br0');
    watcher = await lab.host('watcher');
    await lab.link(watcher, bridge, { ifname: 'eth0' });
    stateDir = mkdtempSync(join(tmpdir(), 'qemu-provider-'));
  });
  afterAll(async () => {
    await lab?.destroy();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const inventory = (over: Partial<QemuConfig> = {}) => {
    const provider = new QemuProvider({
      stateDir,
      binary: 'qemu-system-x86_64',
      netns: bridge.netns,
      bridge: bridge.name,
      accel: 'tcg',
      ovmfCode: '/usr/share/OVMF/OVMF_CODE_4M.fd',
      ovmfVars: '/usr/share/OVMF/OVMF_VARS_4M.fd',
      log,
      ...over,
    });
    const inv = new Inventory({ store: new MemoryStore(), providers: new ProviderRegistry([provider]), log });
    return { inv, provider };
  };
  const qemu = (options: Record<string, string> = {}) => createInput({ provider: { name: 'qemu', options } });
  const links = async () => (await lab.switchHost()).execOk(['ip', '-br', 'link']);

  it('refuses to create when QEMU or the bridge is missing, leaving nothing behind', async () => {
    const { inv } = inventory({ binary: 'qemu-system-nonexistent' });
    await expect(inv.create(qemu())).rejects.toMatchObject({
      kind: 'failedPrecondition',
      message: 'qemu-system-nonexistent is not installed on this server (apt-get install qemu-system-x86)',
    });
    const other = inventory();
    await expect(other.inv.create(qemu({ bridge: 'br9' }))).rejects.toMatchObject({
      message: `bridge br9 not found in network namespace ${bridge.netns}`,
    });
    await expect(other.inv.create(qemu({ netns: 'pdk-no-such-ns' }))).rejects.toMatchObject({
      message: 'network namespace pdk-no-such-ns does not exist',
    });
    expect(inv.list({ selector: '', states: [] }).nodes).toEqual([]);
    expect(other.inv.list({ selector: '', states: [] }).nodes).toEqual([]);
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it('starts a real machine that PXE-boots on the bridge, reboots it, and powers it off', async () => {
    const { inv, provider } = inventory();
    const node = await inv.create(qemu({ memory_mb: '256', cpus: '1' }));
    const mac = node.nics[0]!.mac;
    expect(mac).toMatch(/^52:54:00:/);
    // The machine's firmware broadcasts a DHCP DISCOVER from its MAC within seconds of power-on.
    const capture = watcher.spawn([
      'tcpdump',
      '-i',
      'eth0',
      '-n',
      '-l',
      '-c',
      '1',
      '-e',
      `udp port 67 and ether src ${mac}`,
    ]);
    await capture.waitForOutput(/listening on/, 10_000);
    const on = await powerNode(inv, node.id, 'on');
    expect(on.power).toMatchObject({ desired: 'on', observed: 'on' });
    expect((await links()).stdout).toMatch(new RegExp(`${tapName(node.id)}@?\\S*\\s+UP`));
    await capture.waitForOutput(new RegExp(`${mac} > ff:ff:ff:ff:ff:ff`), 30_000);

    expect((await powerNode(inv, node.id, 'reboot')).power.observed).toBe('on');
    expect(await provider.observe(inv.get(node.id))).toBe('on');

    const off = await powerNode(inv, node.id, 'off');
    expect(off.power).toMatchObject({ desired: 'off', observed: 'off' });
    expect((await links()).stdout).not.toContain(tapName(node.id));

    await inv.delete(node.id);
    expect(existsSync(join(stateDir, node.id))).toBe(false);
  }, 90_000);

  it('answers a power-on with a clear error when the bridge is gone, changing nothing', async () => {
    const { inv } = inventory();
    const sw = await lab.switchHost();
    await sw.execOk(['ip', 'link', 'add', 'br-gone', 'type', 'bridge']);
    const node = await inv.create(qemu({ bridge: 'br-gone' }));
    await sw.execOk(['ip', 'link', 'del', 'br-gone']);
    await expect(powerNode(inv, node.id, 'on')).rejects.toMatchObject({
      kind: 'failedPrecondition',
      message: `bridge br-gone not found in network namespace ${bridge.netns}`,
    });
    expect(inv.get(node.id).power.desired).toBe('unknown');
    await inv.delete(node.id);
  });
});
