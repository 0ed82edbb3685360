import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BootServiceDefinition } from '@paddock/proto/boot/v1/boot.ts';
import { connect, createClient } from '@paddock/runtime';
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

  it('adds a rule with the form, lists it, changes and deletes it; a bad one shows the reason', async () => {
    const form = page.getByRole('form', { name: 'New rule' });
    await form.getByLabel('Rule name').fill('console-rule');
    await form.getByLabel('Priority').fill('5');
    await form.getByLabel('MACs (prefixes end in *)').fill('52:54:00:aa:bb:cc');
    await form.getByLabel('Architectures').fill('bios, efi-x64');
    await form.getByLabel('Running iPXE').selectOption('no');
    await form.getByLabel('Answer with').selectOption('file');
    await form.getByLabel('Template, file or URL').fill('hello.ipxe');
    await form.getByRole('button', { name: 'Add rule' }).click();
    const table = page.getByRole('table', { name: 'Boot rules' });
    const row = table.locator('tr[data-rule="console-rule"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(
      /5console-rule52:54:00:aa:bb:cc; bios, efi-x64; not iPXE.*file hello\.ipxe/,
    );

    // What the server stored is what the form said (read back through the API, as a script would).
    const c = connect({ dataDir: server.dataDir, server: server.run.grpc });
    const boot = createClient(BootServiceDefinition, c.address, c.credentials, c.options);
    const { rules: stored } = await boot.listRules({});
    boot.close();
    expect(stored.find((r) => r.name === 'console-rule')).toMatchObject({
      priority: 5,
      match: { macs: ['52:54:00:aa:bb:cc'], archs: [1, 3], ipxe: 3 },
      action: { kind: { $case: 'file', value: 'hello.ipxe' } },
    });

    await page.getByRole('button', { name: 'Edit rule console-rule' }).click();
    const edit = page.getByRole('form', { name: 'Edit rule console-rule' });
    expect(await edit.getByLabel('Rule name').isDisabled()).toBe(true);
    expect(await edit.getByLabel('Architectures').inputValue()).toBe('bios, efi-x64');
    await edit.getByLabel('Priority').fill('7');
    await edit.getByRole('button', { name: 'Save rule' }).click();
    await page.waitForFunction(() => document.querySelector('tr[data-rule="console-rule"] td')?.textContent === '7');

    await form.getByLabel('Rule name').fill('Bad Name');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await form
      .getByRole('alert')
      .getByText(/rule name/)
      .waitFor();
    await form.getByLabel('Rule name').fill('arch-typo');
    await form.getByLabel('Architectures').fill('efi-x65');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await form
      .getByRole('alert')
      .getByText(/Architectures: "efi-x65" is not one of/)
      .waitFor();
    expect(await table.locator('tr[data-rule="arch-typo"]').count()).toBe(0);

    await page.getByRole('button', { name: 'Delete rule console-rule' }).click();
    await row.waitFor({ state: 'detached' });
  }, 60_000);
});
