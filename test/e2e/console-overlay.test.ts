import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type LinkReport, OverlayServiceDefinition } from '@paddock/proto/overlay/v1/overlay.ts';
import { connect, createClient } from '@paddock/runtime';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, ensureConsoleBuilt, openConsole } from './inventory/browser.ts';
import { REPO_ROOT, type RunningPaddock, startPaddockUp } from './paddock-process.ts';

const skip = !existsSync(CHROMIUM) && !process.env['CI'];
const up = (to: string, latencyUs: number, seenEndpoint = ''): LinkReport => ({
  to,
  up: true,
  latencyUs,
  lossPercent: 0,
  seenEndpoint,
});
const down = (to: string): LinkReport => ({ to, up: false, latencyUs: 0, lossPercent: 100, seenEndpoint: '' });

/**
 * The Overlay page in Chromium against `paddock up`: members registered and links reported
 * through the API exactly as agents report them (no data plane is needed to draw the graph).
 */
describe.skipIf(skip)('the Overlay page', () => {
  let server: RunningPaddock;
  let browser: Browser;
  let page: Page;
  let overlay: ReturnType<typeof createClient<typeof OverlayServiceDefinition>>;

  beforeAll(async () => {
    ensureConsoleBuilt('Overlay graph of');
    server = await startPaddockUp();
    const c = connect({ dataDir: server.dataDir, server: server.run.grpc });
    overlay = createClient(OverlayServiceDefinition, c.address, c.credentials, c.options);
    await overlay.createNetwork({
      network: {
        name: 'lab',
        subnet: '10.99.0.0/24',
        transit: '10.98.0.0/24',
        vni: 99,
        listenPort: 0,
        underlayMtu: 0,
        createdAtUnixMs: 0n,
      },
    });
    // a, b, c on a public underlay; n behind a NAT (announced at a private address).
    const hosts = { a: '203.0.113.1', b: '203.0.113.2', c: '203.0.113.3', n: '192.168.1.10' };
    for (const [node, endpoint] of Object.entries(hosts))
      await overlay.join({
        network: 'lab',
        node,
        endpoint,
        publicKey: randomBytes(32).toString('base64'),
        address: '',
        tunnelAddress: '',
      });
    ({ browser, page } = await openConsole(server.run.http, server.token));
    await page.getByRole('link', { name: 'Overlay' }).click();
    await page.getByLabel('Live updates').filter({ hasText: 'Live' }).waitFor({ timeout: 20_000 });
  }, 120_000);

  afterAll(async () => {
    overlay?.close();
    await browser?.close();
    await server?.stop();
  });

  const report = (node: string, links: LinkReport[]) => overlay.reportLinks({ network: 'lab', node, links });
  const pair = (a: string, b: string) => page.locator(`[data-pair="${a}|${b}"]`);
  const pathRow = (a: string, b: string) =>
    page
      .getByRole('table', { name: 'Overlay paths' })
      .getByRole('row')
      .filter({ hasText: `${a} ↔ ${b}` });

  it('draws members, measured links, a pair relayed around a blocked path, and a member behind NAT, live', async () => {
    const graph = page.getByRole('img', { name: 'Overlay graph of lab' });
    await expect.poll(() => graph.locator('[data-member]').count(), { timeout: 10_000 }).toBe(4);
    // UDP between a and c dropped; b reaches both faster than n could (n cannot relay anyway).
    // a sees n's packets come from its NAT's public address: n is behind NAT.
    await report('a', [down('c'), up('b', 400), up('n', 2000, '198.51.100.9:40001')]);
    await report('c', [down('a'), up('b', 600), up('n', 2500)]);
    await report('b', [up('a', 450), up('c', 650), up('n', 1800)]);
    await report('n', [up('a', 2100), up('b', 1900), up('c', 2400)]);

    await expect.poll(() => pair('a', 'c').getAttribute('class'), { timeout: 10_000 }).toContain('relayed');
    expect(await pair('a', 'c').getAttribute('data-via')).toBe('b');
    expect(await pair('a', 'c').textContent()).toContain('1.10 ms · 0% loss');
    expect(await pathRow('a', 'c').textContent()).toMatch(/via b.*1\.10 ms.*down/);
    expect(await pair('a', 'b').getAttribute('class')).toContain('direct');
    expect(await pair('a', 'b').textContent()).toContain('0.45 ms · 0% loss');
    await expect
      .poll(() => page.locator('[data-member="n"]').getAttribute('class'), { timeout: 10_000 })
      .toContain('nat');
    expect(await page.locator('[data-member="n"]').textContent()).toContain('NAT 198.51.100.9:40001');
    expect(await page.locator('[data-member="b"]').textContent()).toContain('relay ×1');
    const members = page.getByRole('table', { name: 'Overlay members' });
    const nRow = members.getByRole('row').filter({ has: page.getByRole('cell', { name: 'n', exact: true }) });
    expect(await nRow.textContent()).toContain('198.51.100.9:40001 (behind NAT)');

    // The direct path comes back: the page follows the Watch and draws the pair direct again.
    await report('a', [up('c', 700)]);
    await report('c', [up('a', 700)]);
    await expect.poll(() => pair('a', 'c').getAttribute('class'), { timeout: 10_000 }).toContain('direct');
    // Then b's path to n dies both ways: b <-> n goes through a public member (n cannot relay).
    await report('b', [down('n')]);
    await report('n', [down('b')]);
    await expect.poll(() => pair('b', 'n').getAttribute('class'), { timeout: 10_000 }).toContain('relayed');
    expect(await pair('b', 'n').getAttribute('data-via')).toMatch(/^[ac]$/);
    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'console-overlay.png'), fullPage: true });
  }, 90_000);
});
