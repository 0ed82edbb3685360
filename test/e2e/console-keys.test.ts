import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, ensureConsoleBuilt, openConsole } from './inventory/browser.ts';
import { CLI_BIN, REPO_ROOT, type RunningPaddock, startPaddockUp } from './paddock-process.ts';

const run = promisify(execFile);
const skip = !existsSync(CHROMIUM) && !process.env['CI'];

/** The Keys page in Chromium against `paddock up`: tokens issued and revoked, a node enrolling and revoked, live. */
describe.skipIf(skip)('the Keys page', () => {
  let server: RunningPaddock;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureConsoleBuilt('Bootstrap tokens');
    server = await startPaddockUp();
    ({ browser, page } = await openConsole(server.run.http, server.token));
    page.on('dialog', (d) => void d.accept());
    await page.getByRole('link', { name: 'Keys' }).click();
    await page.getByLabel('Live updates').filter({ hasText: 'Live' }).waitFor({ timeout: 20_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const paddock = async (...args: string[]) =>
    (await run(process.execPath, [CLI_BIN, ...args], { cwd: REPO_ROOT })).stdout.trim();
  const row = (table: string, text: string) =>
    page.getByRole('table', { name: table }).getByRole('row').filter({ hasText: text }).first();
  const enrol = (token: string, name: string) =>
    paddock(
      'keys',
      'enroll',
      '--token',
      token,
      '--name',
      name,
      '--server',
      server.run.grpc,
      '--ca',
      join(server.dataDir, 'pki', 'ca.crt'),
      '--ssh-host-key',
      '',
      '--out',
      join(server.dataDir, name),
    );

  it('issues a token from the page, then shows the node enrolling with it and revokes the node from its row', async () => {
    await page.getByLabel('Node name').fill('web-node');
    await page.getByLabel('Addresses').fill('127.0.0.1');
    await page.getByRole('button', { name: 'Issue token' }).click();
    const shown = (await page.getByLabel('New token').textContent({ timeout: 10_000 })) ?? '';
    const token = /pdt-[0-9A-Z]{24}/.exec(shown)?.[0];
    expect(token, shown).toBeDefined();
    await expect.poll(() => row('Tokens', 'web-node').textContent(), { timeout: 10_000 }).toMatch(/live/);

    // The node enrols from outside the page; the page follows without a reload.
    await enrol(token!, 'web-node');
    await expect
      .poll(() => row('Node identities', 'web-node').textContent(), { timeout: 10_000 })
      .toMatch(/valid.*in 6 d 23 h/);
    await expect.poll(() => row('Tokens', 'web-node').textContent(), { timeout: 10_000 }).toMatch(/used.*enrolled/);
    // A replay of the spent token is refused.
    await expect(enrol(token!, 'web-node')).rejects.toThrow(/already used/);

    await page.getByRole('button', { name: 'Revoke node web-node' }).click();
    await expect.poll(() => row('Node identities', 'web-node').textContent(), { timeout: 10_000 }).toMatch(/revoked/);
    expect(await row('Certificates', 'web-node').textContent()).toMatch(/revoked in the console/);
    const certs = JSON.parse(await paddock('keys', 'certs', '--json', '--data-dir', server.dataDir)) as Array<{
      subject: string;
      revokedAtUnixMs: string;
    }>;
    expect(certs.find((c) => c.subject === 'web-node')?.revokedAtUnixMs).not.toBe('0');
    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'console-keys.png'), fullPage: true });
  }, 90_000);

  it('lists a token made by the CLI at once, and revokes it from its row', async () => {
    await paddock('keys', 'token', 'cli-node', '--data-dir', server.dataDir);
    await expect.poll(() => row('Tokens', 'cli-node').textContent(), { timeout: 10_000 }).toMatch(/live/);
    await page.getByRole('button', { name: /^Revoke token tok-/ }).click();
    await expect.poll(() => row('Tokens', 'cli-node').textContent(), { timeout: 10_000 }).toMatch(/revoked/);
    const tokens = JSON.parse(await paddock('keys', 'tokens', '--json', '--data-dir', server.dataDir)) as Array<{
      node: string;
      state: string;
    }>;
    expect(tokens.find((t) => t.node === 'cli-node')?.state).toBe('revoked');
  }, 60_000);
});
