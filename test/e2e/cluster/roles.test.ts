/**
 * Two `paddock up` servers on one 3-member etcd (loopback, Debian's etcd-server): each
 * singleton role (the scanner's schedule, the power reconciler) is held by exactly one of them;
 * `paddock status` and the console's Cluster page (Chromium) show the members, their health,
 * the raft leader, the site's servers, the holders and the machine claims, the page live; kill -9 of the holder
 * hands its roles to the other within the lease TTL. With --crown-hosts each runs the crowning
 * controller, which passes only on the crown role's holder: each pass a deployment stored in etcd
 * under the server that made it (here a host where nothing listens: no etcd member answered).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { type EtcdCluster, startEtcdCluster } from '@paddock/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, ensureConsoleBuilt, openConsole } from '../inventory/browser.ts';
import { CLI_BIN, REPO_ROOT, type RunningPaddock, sitePassphraseArgs, startPaddockUp } from '../paddock-process.ts';

const run = promisify(execFile);
const TTL = 3;
const PREFIX = '/sites/roles/';
const ROLES = ['crown', 'power-reconciler', 'scanner-schedule'];
const REFUSED = expect.stringMatching(/^refused: no etcd member answered/);

describe('paddock up on one etcd: singleton roles by election', () => {
  let etcd: EtcdCluster;
  const servers: RunningPaddock[] = [];
  let browser: Browser | undefined;
  let page: Page;
  beforeAll(async () => {
    ensureConsoleBuilt('No server registered');
    etcd = await startEtcdCluster(3);
    const args = [
      ...['--store', `etcd://${etcd.endpoints}${PREFIX}`, '--site', 'roles', '--role-ttl', String(TTL)],
      ...sitePassphraseArgs(),
      ...['--crown-hosts', 'lo9=127.0.0.1:1'],
    ];
    // One after the other: the first takes every role, so the kill below hands over both.
    servers.push(await startPaddockUp({ args }));
    await holders((h) => ROLES.every((r) => h.get(r)?.endsWith(`@${servers[0]!.run.grpc}`)), 20_000);
    servers.push(await startPaddockUp({ args }));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.stop();
    await etcd?.close();
  });

  /** role -> holding server id, read with etcdctl (not through Paddock). */
  const etcdctl = (...args: string[]) =>
    run('etcdctl', [`--endpoints=${etcd.endpoints}`, ...args], { env: { ...process.env, ETCDCTL_API: '3' } });

  async function readHolders(): Promise<Map<string, string>> {
    const { stdout } = await etcdctl('get', '--prefix', `${PREFIX}roles/`);
    const lines = stdout.trim().split('\n');
    const m = new Map<string, string>();
    for (let i = 0; i + 1 < lines.length; i += 2)
      m.set(lines[i]!.slice(`${PREFIX}roles/`.length), JSON.parse(lines[i + 1]!).server);
    return m;
  }

  async function holders(ok: (h: Map<string, string>) => boolean, ms: number): Promise<Map<string, string>> {
    const deadline = Date.now() + ms;
    for (;;) {
      const h = await readHolders();
      if (ok(h)) return h;
      if (Date.now() > deadline) throw new Error(`roles not as expected within ${ms} ms: ${JSON.stringify([...h])}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The crowning decisions stored in etcd: [owner's data dir, decision], oldest first. */
  async function crownings(): Promise<[string, string][]> {
    const { stdout } = await etcdctl('get', '--prefix', '--print-value-only', `${PREFIX}deploy/deployments/`);
    return stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((r) => r.view.set === 'crown')
      .sort((x, y) => x.view.createdAt - y.view.createdAt)
      .map((r) => [r.owner.split(':').slice(1).join(':'), r.view.decision]);
  }

  const status = async (s: RunningPaddock) =>
    JSON.parse(
      (await run(process.execPath, [CLI_BIN, 'status', '--json', '--data-dir', s.dataDir], { cwd: REPO_ROOT })).stdout,
    );

  it('each role has exactly one holder; paddock status shows members, health and holders', async () => {
    const [a, b] = servers as [RunningPaddock, RunningPaddock];
    const [sa, sb] = [await status(a), await status(b)];
    for (const [s, here] of [
      [sa, true],
      [sb, false],
    ] as const) {
      expect(s.cluster.store).toBe(`etcd://${etcd.endpoints}${PREFIX}`);
      expect(s.cluster.members).toHaveLength(3);
      expect(s.cluster.members.every((m: { healthy: boolean }) => m.healthy)).toBe(true);
      expect(s.cluster.members.filter((m: { leader?: boolean }) => m.leader)).toHaveLength(1);
      expect(s.cluster.roles.map((r: { name: string }) => r.name).sort()).toEqual(ROLES);
      for (const r of s.cluster.roles) {
        expect(r.holder).toBe(sa.cluster.server);
        expect(r.here ?? false).toBe(here);
      }
    }
    expect(sa.cluster.server).not.toBe(sb.cluster.server);
    // Both servers registered, each with the address the other dials and its own marked.
    for (const s of [sa, sb]) {
      const listed = s.cluster.servers.map((x: { id: string; grpcAddress: string; here?: boolean }) => [
        x.id,
        x.grpcAddress,
        x.here ?? false,
      ]);
      expect(listed.sort()).toEqual(
        [
          [sa.cluster.server, a.run.grpc, s === sa],
          [sb.cluster.server, b.run.grpc, s === sb],
        ].sort(),
      );
    }
    const { stdout } = await run(process.execPath, [CLI_BIN, 'status', '--data-dir', b.dataDir], { cwd: REPO_ROOT });
    expect(stdout).toMatch(/role +scanner-schedule: \S+@127\.0\.0\.1:\d+ for \d+ s/);
    expect(stdout).toMatch(/member +m0 http:\/\/127\.0\.0\.1:\d+ healthy/);
    expect(stdout).toMatch(/peer +\S+: at 127\.0\.0\.1:\d+, \S+, this server, for \d+ s/);
    // Only the crown role's holder made crowning passes; the decision is shown once.
    await expect.poll(crownings, { timeout: 20_000 }).toEqual([[a.dataDir, REFUSED]]);
  }, 60_000);

  /** The text of each row of one of the Cluster page's tables. */
  const rows = (table: string) =>
    page
      .getByRole('table', { name: table })
      .getByRole('row')
      .filter({ hasNot: page.locator('th') })
      .allTextContents();

  it.skipIf(!existsSync(CHROMIUM) && !process.env['CI'])(
    "the console's Cluster page shows members, leader, role holders and machine claims, live",
    async () => {
      const [a, b] = servers as [RunningPaddock, RunningPaddock];
      const aId = (await status(a)).cluster.server as string;
      ({ browser, page } = await openConsole(b.run.http, b.token));
      await page.getByRole('link', { name: 'Cluster' }).click();
      await page.getByLabel('Live updates').filter({ hasText: 'Live' }).waitFor({ timeout: 20_000 });
      await expect.poll(() => rows('Store members'), { timeout: 10_000 }).toHaveLength(3);
      const members = await rows('Store members');
      expect(members.every((r) => r.includes('healthy') && !r.includes('unhealthy'))).toBe(true);
      expect(members.filter((r) => r.endsWith('leader'))).toHaveLength(1);
      // The page's first view may be the one made as this server started, before it registered.
      await expect.poll(() => rows('Servers'), { timeout: 10_000 }).toHaveLength(2);
      const listed = await rows('Servers');
      expect(listed.filter((r) => r.includes('(this server)'))).toEqual([expect.stringContaining(b.run.grpc)]);
      const roles = await rows('Roles');
      expect(roles.map((r) => r.split(aId)[0]).sort()).toEqual(ROLES);
      // A claim written in etcd by hand (as a compute host writes one) appears without a reload.
      const claim = { host: aId, name: 'vm-by-hand', since: Date.now() - 5_000 };
      await etcdctl('put', `${PREFIX}claims/n-by-hand`, JSON.stringify(claim));
      await expect
        .poll(() => rows('Machine claims'), { timeout: 10_000 })
        .toEqual([
          expect.stringMatching(new RegExp(`^vm-by-hand${aId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[5-9] s$`)),
        ]);
      await etcdctl('del', `${PREFIX}claims/n-by-hand`);
      await page.getByText('No compute host runs a machine.').waitFor({ timeout: 10_000 });
    },
    60_000,
  );

  it('kill -9 of the holder: the other server holds every role within the lease TTL', async () => {
    const [a, b] = servers as [RunningPaddock, RunningPaddock];
    const bId = (await status(b)).cluster.server as string;
    const killed = Date.now();
    process.kill(a.run.pid, 'SIGKILL');
    await holders((h) => ROLES.every((r) => h.get(r) === bId), (TTL + 5) * 1000);
    const took = (Date.now() - killed) / 1000;
    console.log(`kill -9 of the holder: the other server held every role after ${took.toFixed(2)} s (TTL ${TTL} s)`);
    // The TTL, plus one try of the survivor (500 ms) and etcdctl's start-up on a busy machine.
    expect(took).toBeLessThan(TTL + 1.5);
    const s = await status(b);
    expect(s.cluster.roles.every((r: { here?: boolean }) => r.here)).toBe(true);
    // The killed server's record went with its lease.
    expect(s.cluster.servers.map((x: { grpcAddress: string }) => x.grpcAddress)).toEqual([b.run.grpc]);
    expect(b.output()).toMatch(/role taken/);
    // The survivor's controller passes as soon as it holds the role.
    await expect.poll(crownings, { timeout: 20_000 }).toEqual([
      [a.dataDir, REFUSED],
      [b.dataDir, REFUSED],
    ]);
    if (!browser) return;
    // The page on the survivor follows: its roles are its own now; a member killed shows unhealthy.
    await expect
      .poll(async () => (await rows('Roles')).every((r) => r.includes('(this server)')), { timeout: 10_000 })
      .toBe(true);
    await etcd.members[2]!.stop(true);
    await expect
      .poll(async () => (await rows('Store members')).filter((r) => r.includes('unhealthy')), { timeout: 15_000 })
      .toEqual([expect.stringMatching(/^m2/)]);
    await etcd.members[2]!.restart();
  }, 60_000);
});
