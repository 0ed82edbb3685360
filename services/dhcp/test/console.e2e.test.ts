/**
 * The DHCP page of the web console in Chromium, against a DHCP server serving a lab network:
 * leases appear live as real clients get them, pool use follows, reservations and subnets are
 * edited through the forms and take effect for the next client.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labSkipReason } from '@paddock/lab';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DhcpLab, dhcpLab, hookScript, type RunningDhcp, startDhcp } from './lab-kit.ts';
import { waitForLine } from './wait-line.ts';

const CHROMIUM = '/usr/bin/chromium';
const REPO = join(import.meta.dirname, '..', '..', '..');
const skip = labSkipReason() ?? (!existsSync(CHROMIUM) && !process.env['CI'] ? 'no chromium' : undefined);

describe.skipIf(skip)('DHCP console page in Chromium', () => {
  let l: DhcpLab;
  let dhcp: RunningDhcp;
  let browser: Browser;
  let page: Page;
  let n = 0;

  /** Runs udhcpc once for `mac` in a new client host; the address it was given. */
  async function client(mac: string): Promise<string> {
    const host = await l.client(`c${++n}`, { mac });
    const log = join(l.dir, `c${n}.log`);
    const script = hookScript(l.dir, `c${n}.sh`, `[ "$1" = bound ] && echo "bound $ip" >> ${log}; true`);
    await host.execOk(['udhcpc', '-f', '-q', '-n', '-C', '-i', 'eth0', '-s', script, '-t', '5', '-T', '1'], {
      timeoutMs: 20_000,
    });
    return (await waitForLine(log, /bound (\S+)/))[1]!;
  }

  beforeAll(async () => {
    l = await dhcpLab('dhcp-console');
    // A private build of the console, so that no other test's build is disturbed.
    const webRoot = mkdtempSync(join(tmpdir(), 'pdk-dhcp-web-'));
    execFileSync('pnpm', ['exec', 'vite', 'build', '--outDir', webRoot, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: join(REPO, 'web'),
      stdio: 'inherit',
    });
    dhcp = await startDhcp(l, {}, join(l.dir, 'data'), webRoot);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(dhcp.server.httpUrl);
    // An --insecure server takes any token; the console still asks for one.
    await page.getByLabel('Admin token').fill('lab');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: /DHCP/ }).click();
    await page.getByRole('heading', { name: 'DHCP', level: 1 }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await dhcp?.close();
    await l?.destroy();
  });

  const useOfPool = () => page.getByLabel('Use of pool lab 10.77.0.100-10.77.0.199');

  it('shows a lease the moment a real client gets it, and the pool use follows', async () => {
    await page.waitForFunction(() => document.querySelector('[aria-label="Live updates"]')?.textContent === 'Live');
    expect(await useOfPool().getAttribute('value')).toBe('0');
    const ip = await client('52:54:00:f0:00:01');
    const row = page.locator(`tr[data-address="${ip}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('52:54:00:f0:00:01');
    expect(await row.locator('.state').textContent()).toBe('bound');
    await page.waitForFunction(
      () =>
        document.querySelector('[aria-label="Use of pool lab 10.77.0.100-10.77.0.199"]')?.getAttribute('value') === '1',
    );
  }, 60_000);

  it('a reservation added in the form is what the next client with that MAC gets', async () => {
    const form = page.getByRole('form', { name: 'New reservation' });
    await form.getByLabel('Reservation id').fill('printer');
    await form.getByLabel('MAC address').fill('52:54:00:f0:00:02');
    await form.getByLabel('Address', { exact: true }).fill('10.77.0.42');
    await form.getByLabel('Host name').fill('printer');
    await form.getByRole('button', { name: 'Add reservation' }).click();
    await page.locator('tr[data-reservation="printer"]').waitFor();
    expect(await client('52:54:00:f0:00:02')).toBe('10.77.0.42');
    await page.locator('tr[data-address="10.77.0.42"]').waitFor();
  }, 60_000);

  it('revokes a lease from its row', async () => {
    await page.getByRole('button', { name: 'Revoke 10.77.0.42' }).click();
    await page.waitForFunction(
      () => document.querySelector('tr[data-address="10.77.0.42"] .state')?.textContent === 'released',
    );
    expect((await dhcp.api.getLease({ address: '10.77.0.42' })).lease?.state).toBe(2);
  }, 60_000);

  it('edits a subnet: a bad pool is refused with the reason, a good one applies to the next client', async () => {
    await page.getByRole('button', { name: 'Edit subnet lab' }).click();
    const form = page.getByRole('form', { name: 'Edit subnet lab' });
    await form.getByLabel('Pools').fill('10.78.0.10-10.78.0.20');
    await form.getByRole('button', { name: 'Save subnet' }).click();
    expect(await form.getByRole('alert').textContent()).toMatch(/must lie inside 10\.77\.0\.0\/24/);
    await form.getByLabel('Pools').fill('10.77.0.210-10.77.0.219');
    await form.getByRole('button', { name: 'Save subnet' }).click();
    await page.getByLabel('Use of pool lab 10.77.0.210-10.77.0.219').waitFor();
    expect(await client('52:54:00:f0:00:03')).toMatch(/^10\.77\.0\.21\d$/);
    mkdirSync(join(REPO, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(REPO, 'test-results', 'console-dhcp.png'), fullPage: true });
  }, 60_000);
});
