import { existsSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { InventoryServiceDefinition, LifecycleState } from '@paddock/proto/inventory/v1/inventory.ts';
import { createClient } from '@paddock/runtime';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPaddock, startPaddockUp } from '../paddock-process.ts';
import { CHROMIUM, ensureConsoleBuilt, nodeRow, openConsole } from './browser.ts';

const skip = !existsSync(CHROMIUM) && !process.env['CI'];

describe.skipIf(skip)('inventory page in Chromium', () => {
  let server: RunningPaddock;
  let browser: Browser;
  let page: Page;
  let client: ReturnType<typeof createClient<typeof InventoryServiceDefinition>>;

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startPaddockUp();
    ({ browser, page } = await openConsole(server.run.http, server.token));
    const ca = (await import('node:fs')).readFileSync(`${server.dataDir}/pki/ca.crt`);
    const bearer = grpc.credentials.createFromMetadataGenerator((_p, cb) => {
      const md = new grpc.Metadata();
      md.set('authorization', `Bearer ${server.token}`);
      cb(null, md);
    });
    client = createClient(
      InventoryServiceDefinition,
      server.run.grpc,
      grpc.credentials.combineChannelCredentials(grpc.credentials.createSsl(ca), bearer),
      { 'grpc.ssl_target_name_override': 'localhost' },
    );
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await server?.stop();
  });

  it('lists nodes live: one created after the page opened appears without a reload', async () => {
    await page.getByRole('link', { name: 'Inventory' }).click();
    await page.getByText('No nodes yet').waitFor();
    await client.createNode({
      name: 'rack1-n1',
      labels: { rack: '1' },
      macs: ['00:1b:21:0a:0b:0c'],
      provider: { name: 'metal', options: {} },
      bootRule: '',
      description: '',
      architecture: 'x86_64',
      firmware: 2,
    });
    await page.getByRole('table', { name: 'Nodes' }).getByText('rack1-n1').waitFor();
    const cells = await nodeRow(page, 'rack1-n1');
    expect(cells.slice(0, 4)).toEqual(['rack1-n1', 'discovered', 'unknown', '00:1b:21:0a:0b:0c']);
    expect(cells[5]).toBe('x86_64 · UEFI');
  }, 60_000);

  it('shows a node with its timeline, and a power failure as a clear message', async () => {
    await page.getByRole('link', { name: 'rack1-n1' }).click();
    const details = page.getByRole('region', { name: 'Node rack1-n1' });
    await details.waitFor();
    expect(await details.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/^discovered .* · api: created through the API$/),
    ]);
    // This server has no LAN interface: the scanner cannot send Wake-on-LAN, and the page says so.
    await details.getByRole('button', { name: 'Power on' }).click();
    const alert = details.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/cannot wake 00:1b:21:0a:0b:0c through the scanner: .*--interface/);
    // The deep link survives a reload.
    await page.reload();
    await page.getByRole('region', { name: 'Node rack1-n1' }).waitFor();
  }, 60_000);

  it('follows lifecycle changes live and disables power for a retired node', async () => {
    await client.setLifecycle({
      node: 'rack1-n1',
      state: LifecycleState.LIFECYCLE_STATE_RETIRED,
      reason: 'decommissioned',
    });
    const details = page.getByRole('region', { name: 'Node rack1-n1' });
    await details.getByText('api: decommissioned').waitFor();
    expect(await details.getByRole('button', { name: 'Power on' }).isDisabled()).toBe(true);
    expect((await nodeRow(page, 'rack1-n1'))[1]).toBe('retired');
  }, 60_000);
});
