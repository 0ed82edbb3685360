import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, ensureConsoleBuilt, openConsole } from './inventory/browser.ts';
import { REPO_ROOT, type RunningPaddock, startPaddockUp } from './paddock-process.ts';

const skip = !existsSync(CHROMIUM) && !process.env['CI'];
// The Debian packages set-up fetched for the node image, so the build needs no download here.
const INPUTS = join(REPO_ROOT, '.cache', 'builders', 'inputs');

/** The Builds page in Chromium against `paddock up`: run a recipe, watch it, read its log, cancel one. */
describe.skipIf(skip)('the Builds page', () => {
  let server: RunningPaddock;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureConsoleBuilt('Run a build');
    server = await startPaddockUp({ args: ['--build-inputs', INPUTS] });
    ({ browser, page } = await openConsole(server.run.http, server.token));
    await page.getByRole('link', { name: 'Builds' }).click();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const row = (text: string) =>
    page.getByRole('table', { name: 'Build jobs' }).getByRole('row').filter({ hasText: text }).first();

  it('runs the node image recipe, shows its progress and log live, and lists what it published', async () => {
    await page.getByLabel('Recipe').selectOption('node-image');
    await page.getByLabel('Parameters (JSON)').fill('{"zstdLevel": 2}');
    await page.getByLabel('Publish as boot files under').fill('images/node');
    await page.getByRole('button', { name: 'Build' }).click();
    await expect.poll(() => page.getByLabel('Live updates').textContent(), { timeout: 20_000 }).toContain('Live');
    await expect
      .poll(() => row('node-image').textContent(), { timeout: 150_000, interval: 500 })
      .toContain('succeeded');
    expect(await row('node-image').textContent()).toContain('images/node/initrd.img');
    await expect.poll(() => page.getByLabel('Build log').textContent(), { timeout: 10_000 }).toMatch(/succeeded/);
    expect(await page.getByLabel('Build log').textContent()).toMatch(/building node-image from \d+ packages/);
    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'console-build.png'), fullPage: true });
  }, 180_000);

  it('says why a build is refused, and cancels a running one', async () => {
    await page.getByLabel('Parameters (JSON)').fill('{"zstdLevel": 99}');
    await page.getByRole('button', { name: 'Build' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/zstdLevel/);
    await page.getByLabel('Parameters (JSON)').fill('{"zstdLevel": 19, "extraModules": ["loop"]}');
    await page.getByLabel('Publish as boot files under').fill('');
    await page.getByRole('button', { name: 'Build' }).click();
    const cancel = page.getByRole('button', { name: /^Cancel build/ });
    await cancel.first().click({ timeout: 30_000 });
    await expect.poll(() => row('cancelled').count(), { timeout: 30_000 }).toBe(1);
  }, 90_000);
});
