import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootConfigSchema } from '@paddock/boot';
import { createInventory, INVENTORY_DEFAULTS } from '@paddock/inventory';
import { pkiPaths, type RunningServer } from '@paddock/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BootClient,
  clientsOf,
  createMetalNode,
  type InventoryClient,
  putWorkerRules,
  ruleFor,
  serverIn,
  updateN1,
} from './inventory-fixture.ts';
import { bootService } from './serve.ts';

/** A gauge's value from a server's /metrics, read with the data dir's CA and admin token. */
function gauge(server: RunningServer, dir: string, name: string): Promise<number> {
  const paths = pkiPaths(dir);
  const headers = { authorization: `Bearer ${readFileSync(paths.adminToken, 'utf8').trim()}` };
  return new Promise((resolve, reject) => {
    request(
      `${server.httpUrl}/metrics`,
      { ca: readFileSync(paths.caCert), servername: 'localhost', headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve(Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(body)?.[1] ?? Number.NaN)));
      },
    )
      .on('error', reject)
      .end();
  });
}

/**
 * `paddock boot serve` and `paddock inventory serve` as two servers (TLS) in one data dir: the
 * boot server finds the inventory through its run file, as the CLI does, and follows it.
 */
describe('boot rules following an inventory over gRPC', () => {
  let dir: string;
  let bootServer: RunningServer;
  let invServer: RunningServer | undefined;
  let boot: BootClient;
  let inventory: InventoryClient | undefined;
  const POLL = { timeout: 20_000, interval: 100 };

  const startInventory = async () => {
    const inv = createInventory({ ...INVENTORY_DEFAULTS, feeds: false });
    invServer = await serverIn(dir, 'inventory-test', [inv.factory], false);
    inventory = clientsOf(dir, invServer.grpcAddress, false).inventory;
  };
  const stopInventory = async () => {
    inventory?.close();
    await invServer?.close();
    invServer = undefined;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paddock-boot-follow-'));
    // The flags `paddock boot serve` gets, without --inventory-server: found in the data dir.
    const handle = bootService(
      bootConfigSchema.parse({ advertiseAddress: '127.0.0.1', ipxeDir: join(dir, 'no-ipxe') }),
    );
    bootServer = await serverIn(dir, 'boot-test', [handle.factory], false);
    boot = clientsOf(dir, bootServer.grpcAddress, false).boot;
    await putWorkerRules(boot);
  });
  afterAll(async () => {
    boot?.close();
    await stopInventory();
    await bootServer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers without labels, and says it is disconnected, while no inventory runs', async () => {
    expect(await ruleFor(boot)).toBe('bios-ipxe');
    expect(await gauge(bootServer, dir, 'paddock_boot_inventory_connected')).toBe(0);
  });

  it('follows the inventory once it starts: a label set there picks the rule', async () => {
    await startInventory();
    await createMetalNode(inventory!, { role: 'worker' });
    await expect.poll(() => ruleFor(boot), POLL).toBe('workers');
    expect(await gauge(bootServer, dir, 'paddock_boot_inventory_connected')).toBe(1);
    expect(await gauge(bootServer, dir, 'paddock_boot_inventory_nodes')).toBe(1);
  });

  it('keeps the last view while the inventory is away, then resumes and sees what changed', async () => {
    await stopInventory();
    await expect.poll(() => gauge(bootServer, dir, 'paddock_boot_inventory_connected'), POLL).toBe(0);
    expect(await ruleFor(boot)).toBe('workers');
    await startInventory();
    await updateN1(inventory!, { removeLabels: ['role'] });
    await expect.poll(() => ruleFor(boot), POLL).toBe('bios-ipxe');
    await updateN1(inventory!, { bootRule: 'rescue' });
    await expect.poll(() => ruleFor(boot), POLL).toBe('rescue');
    expect(await gauge(bootServer, dir, 'paddock_boot_inventory_connected')).toBe(1);
  });
});
