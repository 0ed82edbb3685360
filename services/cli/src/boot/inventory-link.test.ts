import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BootHandle, createBoot } from '@paddock/boot';
import { createInventory, INVENTORY_DEFAULTS } from '@paddock/inventory';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import type { RunningServer } from '@paddock/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BootClient,
  bootSettings,
  clientsOf,
  createMetalNode,
  type InventoryClient,
  MAC,
  putWorkerRules,
  ruleFor,
  serverIn,
  updateN1,
} from './inventory-fixture.ts';
import { inProcessInventory } from './inventory-link.ts';

/** `paddock up`'s wiring: the boot and inventory modules in one server, rules reading the inventory. */
describe('boot rules and the inventory in one process', () => {
  let dir: string;
  let server: RunningServer;
  let handle: BootHandle;
  let boot: BootClient;
  let inventory: InventoryClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paddock-boot-inv-'));
    const inv = createInventory({ ...INVENTORY_DEFAULTS, feeds: false });
    handle = createBoot(bootSettings(dir), { inventory: inProcessInventory(inv) });
    server = await serverIn(dir, 'up-test', [handle.factory, inv.factory]);
    ({ boot, inventory } = clientsOf(dir, server.grpcAddress));
    await putWorkerRules(boot);
  });
  afterAll(async () => {
    boot?.close();
    inventory?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a machine by its inventory label, and changes the answer when the label goes', async () => {
    expect(await ruleFor(boot)).toBe('bios-ipxe');
    await createMetalNode(inventory);
    expect(await ruleFor(boot)).toBe('bios-ipxe');
    await updateN1(inventory, { setLabels: { role: 'worker' } });
    expect(await ruleFor(boot)).toBe('workers');
    // The DHCP service's path (`paddock up` hands boot.provider to the DHCP module) agrees.
    expect(handle.provider.bootAnswer({ mac: MAC, arch: 0, vendorClass: 'PXEClient' })).toMatchObject({
      bootFile: 'worker.efi',
    });
    await updateN1(inventory, { removeLabels: ['role'] });
    expect(await ruleFor(boot)).toBe('bios-ipxe');
  });

  it('boots a node with the rule the inventory names, and falls back when that rule does not exist', async () => {
    const setRule = (bootRule: string) => updateN1(inventory, { bootRule });
    await setRule('rescue');
    expect(await ruleFor(boot)).toBe('rescue');
    await setRule('no-such-rule');
    expect(await ruleFor(boot)).toBe('bios-ipxe');
    handle.provider.bootAnswer({ mac: MAC, arch: 0, vendorClass: 'PXEClient' });
    let detail = '';
    for await (const r of boot.watchEvents({ watch: { fromRevision: 0n }, mac: MAC })) {
      if (r.watch?.kind === WatchEventKind.WATCH_EVENT_KIND_SYNCED) break;
      if (r.event) detail = r.event.detail;
    }
    expect(detail).toBe('bios, inventory rule no-such-rule does not exist');
    // A node deleted from the inventory is a stranger again.
    await setRule('rescue');
    await inventory.deleteNode({ node: 'n1' });
    expect(await ruleFor(boot)).toBe('bios-ipxe');
  });
});
