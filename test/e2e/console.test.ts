import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type RunningPaddock, startPaddockUp } from './paddock-process.ts';

const CHROMIUM = '/usr/bin/chromium';
// Without a browser the test can only skip on a developer machine; in CI a missing browser fails.
const skip = !existsSync(CHROMIUM) && !process.env['CI'];
if (skip)
  console.warn(`console e2e skipped: ${CHROMIUM} is missing (apt-get install chromium); CI=1 makes it required`);

const SCREENSHOT = join(REPO_ROOT, 'test-results', 'console-overview.png');

/** "1d 02:03:04" or "00:00:07" as seconds. */
function uptimeSeconds(text: string | null): number {
  const m = /^(?:(\d+)d )?(\d+):(\d+):(\d+)$/.exec(text?.trim() ?? '');
  if (!m) throw new Error(`uptime ${JSON.stringify(text)} is not a clock`);
  return Number(m[1] ?? 0) * 86_400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

describe.skipIf(skip)('web console in Chromium against paddock up', () => {
  let server: RunningPaddock;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(join(REPO_ROOT, 'web', 'dist', 'index.html'))) {
      execFileSync('pnpm', ['--filter', '@paddock/web', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    }
    server = await startPaddockUp();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    // The server's CA is created in the temp data dir: the browser cannot know it.
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 760 } });
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('asks for the token, refuses a wrong one, and signs in with the admin token', async () => {
    await page.goto(server.run.http);
    const tokenField = page.getByLabel('Admin token');
    await tokenField.waitFor();
    expect(await page.getByText('admin.token').count()).toBeGreaterThan(0);

    await tokenField.fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/did not accept this token/);

    await tokenField.fill(server.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }, 60_000);

  it('shows the server, SERVING, and an uptime that ticks from the live stream', async () => {
    const hostRow = page.getByRole('row', { name: /Hostname/ });
    await hostRow.waitFor();
    expect(await hostRow.getByRole('cell').textContent()).toBe(hostname());
    const badge = page.getByLabel('Serving status');
    await page.waitForFunction(
      () => document.querySelector('[aria-label="Serving status"]')?.textContent === 'SERVING',
    );
    expect(await badge.textContent()).toBe('SERVING');
    expect(await page.getByRole('status', { name: 'Live updates' }).textContent()).toContain('Live');

    const uptime = page.getByRole('timer', { name: 'Uptime' });
    const before = uptimeSeconds(await uptime.textContent());
    await page.waitForTimeout(2500);
    const after = uptimeSeconds(await uptime.textContent());
    expect(after).toBeGreaterThanOrEqual(before + 2);

    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  }, 60_000);

  it('serves the console over HTTP/2: a dozen live streams at once all flow on one connection', async () => {
    // Over HTTP/1.1 Chromium opens at most six connections per host: the seventh stream would wait.
    const seen = await page.evaluate(async (token) => {
      const calls = Array.from({ length: 12 }, () => new AbortController());
      const first = await Promise.all(
        calls.map(async (c) => {
          const res = await fetch('/paddock.system.v1.SystemService/WatchStatus', {
            method: 'POST',
            headers: { 'content-type': 'application/grpc-web+proto', authorization: `Bearer ${token}` },
            body: new Uint8Array(5),
            signal: c.signal,
          });
          const chunk = await res.body!.getReader().read();
          return chunk.value?.length ?? 0;
        }),
      );
      for (const c of calls) c.abort();
      const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
      return { first, protocols: [...new Set(entries.map((e) => (e as PerformanceResourceTiming).nextHopProtocol))] };
    }, server.token);
    expect(seen.first.every((bytes) => bytes > 5)).toBe(true);
    expect(seen.protocols).toEqual(['h2']);
  }, 20_000);

  it('says plainly which service pages this server does not offer', async () => {
    await page.getByRole('link', { name: /DHCP/ }).click();
    await page.getByText('DHCP is not offered by this server').waitFor();
    expect(page.url()).toBe(`${server.run.http}/dhcp`);
    // A reload of a deep link is served the console too (SPA fallback) and keeps the session.
    await page.reload();
    await page.getByText('DHCP is not offered by this server').waitFor();
  }, 60_000);

  it('shows the stream dropping while the server is down, and live again after it restarts', async () => {
    await page.getByRole('link', { name: 'Overview' }).click();
    const live = page.getByRole('status', { name: 'Live updates' });
    await page.waitForFunction(() => document.querySelector('[aria-label="Live updates"]')?.textContent === 'Live');
    const { dataDir, run } = server;
    await server.stop(true);
    await page.waitForFunction(() =>
      document.querySelector('[aria-label="Live updates"]')?.textContent?.startsWith('Reconnecting'),
    );
    expect(await page.getByText(/Stream interrupted/).count()).toBe(1);
    // Same data dir (so the same token) and the same ports, as after a restart by systemd.
    server = await startPaddockUp({ dataDir, grpcListen: run.grpc, httpListen: run.http.replace('https://', '') });
    await page.waitForFunction(
      () => document.querySelector('[aria-label="Live updates"]')?.textContent?.startsWith('Live'),
      null,
      { timeout: 30_000 },
    );
    expect(await live.textContent()).toMatch(/Live \(\d+ reconnects?\)/);
    expect(uptimeSeconds(await page.getByRole('timer', { name: 'Uptime' }).textContent())).toBeLessThan(20);
  }, 90_000);

  it('signs out back to the login form, forgetting the token', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token').waitFor();
    await page.reload();
    await page.getByLabel('Admin token').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  }, 60_000);
});
