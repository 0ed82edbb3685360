/**
 * The scanner's console page in Chromium, against a real `paddock scanner serve` in a lab: the
 * page lists the machines a scan finds, live, with vendor and open ports, and its wake button
 * wakes a sleeping machine with its state shown live.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labSkipReason } from '@paddock/lab';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portScanOptions } from './helpers/port-scan.ts';
import {
  buildScannerLab,
  labMac,
  listen,
  loopbackToUnix,
  type RunningScanner,
  type ScannerLab,
  SLEEPER,
  startScanner,
} from './helpers/scanner-lab.ts';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '..', '..', '..');
const DIST = join(ROOT, 'web', 'dist');
const skip = labSkipReason() ?? (!existsSync(CHROMIUM) && !process.env['CI'] ? 'no chromium' : undefined);

/** The built console must hold this page; build it when it does not (a stale dist). */
function ensureBuilt(): void {
  const assets = existsSync(join(DIST, 'assets')) ? readdirSync(join(DIST, 'assets')) : [];
  const built = assets.some(
    (f) => f.endsWith('.js') && readFileSync(join(DIST, 'assets', f), 'utf8').includes('Scanned machines'),
  );
  if (!built) execFileSync('pnpm', ['--filter', '@paddock/web', 'build'], { cwd: ROOT, stdio: 'ignore' });
}

describe.skipIf(skip)('scanner console page in Chromium', () => {
  let l: ScannerLab;
  let s: RunningScanner;
  let proxy: Awaited<ReturnType<typeof loopbackToUnix>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureBuilt();
    l = await buildScannerLab({
      tag: 'scanner-web',
      net: '10.62.0',
      live: 6,
      silent: 1,
      macOf: (i) => labMac(i, i % 2 ? '001b21' : '525400'),
    });
    s = await startScanner(l);
    proxy = await loopbackToUnix(s.httpSocket);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`http://127.0.0.1:${proxy.port}/scanner`);
    // An --insecure server takes any token; the login form still wants one.
    await page.getByLabel('Admin token').fill('insecure-lab');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Machines on the LAN' }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await s?.stop();
    await l?.lab.destroy();
  });

  it('shows the machines a scan finds, live, with vendor, and their open ports once scanned', async () => {
    await page.getByRole('button', { name: 'Scan now' }).click();
    await page.getByText(/Scan finished: 6 of 253 addresses answered/).waitFor({ timeout: 30_000 });
    const rows = page.getByRole('table', { name: 'Scanned machines' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(6);
    for (const [i, h] of l.live.entries()) {
      const row = page.locator(`tr[data-mac="${h.mac}"]`);
      expect(await row.locator('td').nth(0).textContent()).toBe(h.ip);
      expect(await row.locator('td').nth(2).textContent()).toMatch(i % 2 ? /Intel/ : /QEMU\/KVM/);
    }
    expect(await page.locator(`tr[data-mac="${l.silent[0]!.mac}"]`).count()).toBe(0);

    // A port scan through the API: the open ports appear in the rows without a reload.
    await listen(l.live[1]!.host, ['tcp:22', 'tcp:8080']);
    await s.scanner.startPortScan({
      options: portScanOptions([l.live[1]!.ip], '1-9000'),
      wait: true,
    });
    const ports = page.locator(`tr[data-mac="${l.live[1]!.mac}"] td`).nth(4);
    await expect.poll(() => ports.textContent(), { timeout: 10_000 }).toBe('22/tcp ssh, 8080/tcp http-alt');
  }, 60_000);

  it('wakes a sleeping machine from its row, showing the wake state live', async () => {
    // Machine 3 was seen awake; now it goes to sleep: no address, only a NIC listening for magic.
    const m = l.live[3]!;
    await m.host.execOk(['ip', 'addr', 'flush', 'dev', 'eth0']);
    const sleeper = m.host.spawnNode(SLEEPER, ['eth0', `${m.ip}/24`, '1500']);
    await sleeper.waitForOutput(/asleep/);
    const state = page.getByRole('status', { name: `Wake state of ${m.mac}` });
    await page.getByRole('button', { name: `Wake ${m.mac}` }).click();
    await expect.poll(() => state.textContent(), { timeout: 5000 }).toMatch(/waking/);
    await expect.poll(() => state.textContent(), { timeout: 20_000 }).toMatch(/awake after \d+\.\d s/);
    expect(sleeper.output()).toMatch(/magic packet for/);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'console-scanner.png'), fullPage: true });
  }, 60_000);
});
