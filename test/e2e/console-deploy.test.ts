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

/**
 * The Deployments page in Chromium against `paddock up`: a plan-only run and a deployment to a
 * host on loopback where nothing listens (port 1), so SSH is refused at once: the plan says the
 * host cannot be checked, and the deployment's bar for it ends failed with ssh's reason, live.
 */
describe.skipIf(skip)('the Deployments page', () => {
  let server: RunningPaddock;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureConsoleBuilt('Start a deployment');
    server = await startPaddockUp();
    ({ browser, page } = await openConsole(server.run.http, server.token));
    await page.getByRole('link', { name: 'Deployments' }).click();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('starts a plan-only run and shows the plan, recording no deployment', async () => {
    await expect.poll(() => page.getByLabel('Live updates').textContent(), { timeout: 20_000 }).toContain('Live');
    await expect.poll(() => page.getByText('No deployments yet.').count()).toBe(1);
    await page.getByLabel('Hosts (NAME=ADDRESS, one per line)').fill('lo1=127.0.0.1:1');
    await page.getByRole('button', { name: 'Plan' }).click();
    await expect
      .poll(() => page.getByRole('log', { name: 'Plan' }).textContent(), { timeout: 30_000 })
      .toMatch(/plan for overlay-paddock: 0 change\(s\)[\s\S]*lo1 \[overlay-keys\]: cannot check: .*unreachable/);
    expect(await page.getByText('No deployments yet.').count()).toBe(1);
  }, 60_000);

  it('lists a deployment with a bar per host, live to its end', async () => {
    await page.getByLabel('Hosts (NAME=ADDRESS, one per line)').fill('lo1=127.0.0.1:1\nlo2=127.0.0.1:1');
    await page.getByRole('button', { name: 'Deploy' }).click();
    const card = page.getByRole('article', { name: /^Deployment overlay dep-/ });
    await expect.poll(() => card.locator('h3').textContent(), { timeout: 30_000 }).toMatch(/overlay · failed/);
    const hosts = card.getByRole('table').getByRole('row');
    expect(await hosts.count()).toBe(2);
    expect(await hosts.first().textContent()).toMatch(/lo1.*0\/\d+failedoverlay-keys: failed: .*unreachable/);
    expect(await card.getByRole('progressbar', { name: /^Progress of lo2/ }).count()).toBe(1);
    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'console-deploy.png'), fullPage: true });
  }, 60_000);

  it('paddock deploy --on-server starts one on the server and follows it with the same per-host lines', async () => {
    const cli = run(
      process.execPath,
      [CLI_BIN, 'deploy', 'overlay', '--on-server', '--data-dir', server.dataDir, '--host', 'lo3=127.0.0.1:1'],
      { cwd: REPO_ROOT },
    );
    const err = await cli.then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stdout).toMatch(
      /^== overlay-keys: lo3\nlo3: overlay agent installed: FAILED: unreachable: .*\nlo3: FAILED at overlay agent installed: unreachable/m,
    );
    expect(err?.stdout).toMatch(/failed on lo3; 0 change\(s\) made/);
    expect(err?.stderr).toMatch(/^deployment dep-[0-9a-f]+ on the server\nfailed: lo3: /);
    const id = /deployment (dep-[0-9a-f]+)/.exec(err?.stderr ?? '')?.[1] ?? '';
    const show = await run(process.execPath, [CLI_BIN, 'deploy', 'show', id, '--data-dir', server.dataDir], {
      cwd: REPO_ROOT,
    });
    expect(show.stdout).toMatch(new RegExp(`^${id} overlay: failed: lo3: `));
    expect(show.stdout).toMatch(/^lo3 \(127\.0\.0\.1\) \[overlay-keys\] 0\/\d+ failed: /m);
    expect(show.stdout).toMatch(/^ {2}failed {4}overlay agent installed: unreachable/m);
    expect(show.stdout).toMatch(/^ {2}\| \S+ \$ command -v 'paddock'/m);
    const card = page.getByRole('article', { name: /^Deployment overlay dep-/ }).filter({ hasText: 'lo3' });
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
  }, 60_000);
});
