import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPaddock, startPaddockUp } from './paddock-process.ts';

const CHROMIUM = '/usr/bin/chromium';
const skip = !existsSync(CHROMIUM) && !process.env['CI'];

/**
 * A server that stops answering without closing its sockets (here: the process stopped with
 * SIGSTOP) must not leave a page sitting on stale data: past the stall time (15 s without a
 * PROGRESS) the Inventory page says "Reconnecting…", and once the server runs again it is live again.
 */
describe.skipIf(skip)('console on a stalled server', () => {
  let server: RunningPaddock;
  let browser: Browser;

  beforeAll(async () => {
    server = await startPaddockUp();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  }, 120_000);

  afterAll(async () => {
    if (server) process.kill(server.run.pid, 'SIGCONT');
    await browser?.close();
    await server?.stop();
  });

  it('shows Reconnecting… on the Inventory page while the server is stopped, then live again', async () => {
    const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
    await page.goto(server.run.http);
    await page.getByLabel('Admin token').fill(server.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Inventory' }).click();
    const live = page.getByLabel('Live updates');
    await expect.poll(() => live.textContent(), { timeout: 20_000 }).toContain('Live');
    process.kill(server.run.pid, 'SIGSTOP');
    try {
      await expect.poll(() => live.textContent(), { timeout: 30_000, interval: 500 }).toContain('Reconnecting…');
    } finally {
      process.kill(server.run.pid, 'SIGCONT');
    }
    await expect.poll(() => live.textContent(), { timeout: 30_000, interval: 500 }).toContain('Live');
  }, 120_000);
});
