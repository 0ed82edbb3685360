import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type RunningPaddock, startPaddockUp } from '../paddock-process.ts';

const CHROMIUM = '/usr/bin/chromium';
const skip = !existsSync(CHROMIUM) && !process.env['CI'];

/** Newest modification time below a folder: the console is rebuilt when its sources are newer. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The Boot page in Chromium against `paddock up` with a boot HTTP listener on loopback. */
describe.skipIf(skip)('boot console page', () => {
  let server: RunningPaddock;
  let browser: Browser;
  let page: Page;
  let bootHttp: string;
  const dir = mkdtempSync(join(tmpdir(), 'paddock-boot-console-'));

  beforeAll(async () => {
    const index = join(REPO_ROOT, 'web', 'dist', 'index.html');
    if (!existsSync(index) || statSync(index).mtimeMs < newest(join(REPO_ROOT, 'web', 'src'))) {
      execFileSync('pnpm', ['--filter', '@paddock/web', 'build'], { cwd: REPO_ROOT, stdio: 'ignore' });
    }
    // `paddock up` reads PADDOCK_* settings: a boot listener on a loopback port picked here.
    const port = 20_000 + (process.pid % 20_000);
    bootHttp = `http://127.0.0.1:${port}`;
    process.env['PADDOCK_BOOT_HTTP_LISTEN'] = `127.0.0.1:${port}`;
    process.env['PADDOCK_ADVERTISE_ADDRESS'] = '127.0.0.1';
    server = await startPaddockUp();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 1000 } });
    page = await context.newPage();
    await page.goto(`${server.run.http}/boot`);
    await page.getByLabel('Admin token').fill(server.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Boot', exact: true }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads a file, which the server stores with the same SHA-256 and serves to firmware', async () => {
    const file = join(dir, 'hello.ipxe');
    writeFileSync(file, '#!ipxe\necho hello\n');
    const form = page.getByRole('form', { name: 'Upload a file' });
    await form.locator('input[type=file]').setInputFiles(file);
    await form.getByRole('button', { name: 'Upload' }).click();
    await page.getByText(/Uploaded hello\.ipxe/).waitFor();
    const row = page.getByRole('table', { name: 'Boot files' }).getByRole('row', { name: /hello\.ipxe/ });
    await row.waitFor();
    // sha256 of "#!ipxe\necho hello\n", shortened as the table shows it.
    const { createHash } = await import('node:crypto');
    const want = createHash('sha256').update('#!ipxe\necho hello\n').digest('hex');
    expect(await row.textContent()).toContain(want.slice(0, 16));
    expect(await (await fetch(`${bootHttp}/boot/files/hello.ipxe`)).text()).toBe('#!ipxe\necho hello\n');
  }, 60_000);

  it('shows the fetch in the live timeline under the machine', async () => {
    await fetch(`${bootHttp}/boot/files/hello.ipxe`);
    const machine = page.getByRole('article', { name: /Boot of/ }).first();
    await machine.getByText('HTTP fetch').first().waitFor({ timeout: 15_000 });
    expect(await machine.textContent()).toContain('hello.ipxe');
    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'console-boot.png'), fullPage: true });
  }, 60_000);

  it('stores a rule from the editor and lists it; refuses a bad one with the reason', async () => {
    const rule = {
      name: 'console-rule',
      priority: 5,
      match: { macs: ['52:54:00:aa:bb:cc'], ipxe: 'IPXE_MATCH_ANY' },
      action: { file: 'hello.ipxe' },
    };
    await page.getByLabel('Rule JSON').fill(JSON.stringify(rule));
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByText('Stored rule console-rule.').waitFor();
    await page
      .getByRole('table', { name: 'Boot rules' })
      .getByRole('row', { name: /console-rule/ })
      .waitFor();
    await page.getByLabel('Rule JSON').fill(JSON.stringify({ ...rule, name: 'Bad Name' }));
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByText(/Not stored: .*rule name/).waitFor();
  }, 60_000);
});
