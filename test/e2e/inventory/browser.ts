/**
 * Chromium for the inventory's console tests, and the console built with the inventory page
 * in it (built here when the build on disk predates the page).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from '../paddock-process.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** Builds the console when the build on disk predates the page whose text `marker` is. */
export function ensureConsoleBuilt(marker = 'Lifecycle history'): void {
  const assets = join(REPO_ROOT, 'web', 'dist', 'assets');
  const built =
    existsSync(assets) &&
    readdirSync(assets).some((f) => f.endsWith('.js') && readFileSync(join(assets, f), 'utf8').includes(marker));
  if (!built) execFileSync('pnpm', ['--filter', '@paddock/web', 'build'], { cwd: REPO_ROOT, stdio: 'pipe' });
}

export async function openConsole(url: string, token: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return { browser, page };
}

/** The cells of the Nodes table's row for a node, as text. */
export async function nodeRow(page: Page, name: string): Promise<string[]> {
  const row = page.getByRole('table', { name: 'Nodes' }).getByRole('row').filter({ hasText: name });
  return row.getByRole('cell').allTextContents();
}
