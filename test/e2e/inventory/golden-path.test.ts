/**
 * The golden path, Paddock's reason to exist: in a lab, `paddock up` on the server host; a
 * diskless QEMU machine created and powered on through the inventory API; it takes a lease,
 * PXE-boots, runs Linux, enrols with the one-time token from its boot script (its token replayed
 * from another lab host is refused, in its history); the inventory (and the console) shows it ready with
 * its MAC, IP, vendor and architecture and a history that matches what happened; powered off
 * through the API, it is seen off. (The same machine booted by dnsmasq, timed against this
 * path, is test/bench/golden-path.ts.)
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { labSkipReason } from '@paddock/lab';
import {
  type LifecycleEntry,
  LifecycleState,
  lifecycleStateToJSON,
  type Node,
  PowerAction,
} from '@paddock/proto/inventory/v1/inventory.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMachine, powerOn, prepareBoot, waitForNode } from '../../../services/cli/src/demo/machine-setup.ts';
import { REPO_ROOT } from '../paddock-process.ts';
import { CHROMIUM, ensureConsoleBuilt, nodeRow, openConsole } from './browser.ts';
import { type GoldenLab, startGoldenLab } from './golden-lab.ts';

const skip =
  labSkipReason() ??
  (['/usr/bin/qemu-system-x86_64', CHROMIUM].find((f) => !existsSync(f)) && !process.env['CI']
    ? 'qemu-system-x86 or chromium is missing'
    : undefined);

const state = (n: Node | undefined) => n?.lifecycle?.state;
const states = (h: LifecycleEntry[]) => h.map((e) => lifecycleStateToJSON(e.state));

describe.skipIf(skip)('golden path: power-off to ready through paddock up', () => {
  let g: GoldenLab;
  let c: ReturnType<GoldenLab['clients']>;
  let browser: Browser | undefined;
  let page: Page;
  let machine: Node;
  let poweredOnAt = 0;
  let readyMs = 0;

  beforeAll(async () => {
    ensureConsoleBuilt();
    g = await startGoldenLab('golden', 98);
    c = g.clients();
    await prepareBoot(c.boot);
  }, 120_000);

  afterAll(async () => {
    c?.close();
    await browser?.close();
    await g?.destroy();
  });

  it('boots a QEMU machine created and powered on through the API to ready', async () => {
    machine = await createMachine(c.inventory, 'golden-vm');
    const mac = machine.nics[0]!.mac;
    expect(mac).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
    expect(state(machine)).toBe(LifecycleState.LIFECYCLE_STATE_DISCOVERED);

    poweredOnAt = Date.now();
    const on = await powerOn(c.inventory, machine);
    expect(on.power).toMatchObject({ desired: 1, observed: 1 });
    const serial = join(g.dataDir, 'qemu', machine.id, 'serial.log');
    const ready = await waitForNode(
      c.inventory,
      machine.id,
      on.revision,
      (n) => state(n) === LifecycleState.LIFECYCLE_STATE_READY,
      // Enrolment runs openssl and curl under TCG: on a loaded machine that takes a while.
      150_000,
    ).catch((err: Error) => {
      const log = existsSync(serial) ? readFileSync(serial, 'utf8') : '(no serial log)';
      throw new Error(`${err.message}\nserial console:\n${log}\npaddock up:\n${g.up.output().slice(-4000)}`);
    });
    readyMs = Date.now() - poweredOnAt;

    // Its lease, as the DHCP service has it, is the address the inventory shows.
    const { leases } = await c.dhcp.listLeases({ pageSize: 10, pageToken: '', subnetId: '', state: 0, query: mac });
    const lease = leases.find((l) => l.mac === mac);
    expect(lease?.address).toMatch(new RegExp(`^${g.net.replaceAll('.', '\\.')}\\.(1[0-4][0-9]|150)$`));
    expect(ready.addresses.map((a) => a.ip)).toContain(lease?.address);
    expect(ready.nics.map((n) => n.mac)).toEqual([mac]);
    expect(ready).toMatchObject({ architecture: 'x86_64', firmware: 1 });
    expect(ready.power).toMatchObject({ observed: 1, desired: 1 });

    // The history is what happened: created, then booting after the power-on, then ready when it enrolled.
    const h = ready.lifecycle!.history;
    expect(states(h)).toEqual(['LIFECYCLE_STATE_DISCOVERED', 'LIFECYCLE_STATE_BOOTING', 'LIFECYCLE_STATE_READY']);
    expect(h[0]).toMatchObject({ source: 'api', reason: 'created through the API' });
    expect(Number(h[1]!.atUnixMs)).toBeGreaterThanOrEqual(poweredOnAt);
    expect(Number(h[2]!.atUnixMs)).toBeGreaterThan(Number(h[1]!.atUnixMs));
    expect(Number(h[2]!.atUnixMs)).toBeLessThanOrEqual(poweredOnAt + readyMs);
    expect(h[2]).toMatchObject({ source: 'keys', reason: expect.stringMatching(`^enrolled from ${lease?.address} `) });
    // The machine holds the identity it enrolled for, from the cluster CA.
    // (The agent writes its line once it stored the answer, a moment after the server issued.)
    await waitForSerial(serial, 'paddock-enrol: enroll ok for golden-vm: notAfter=', 60_000);
    const { certificates } = await c.keys.listCertificates({});
    const kinds = certificates.filter((x) => x.subject === 'golden-vm').map((x) => x.kind);
    expect(kinds.sort()).toEqual(['ssh-host', 'x509']);
  }, 180_000);

  it("refuses the machine's token replayed from another lab host, and writes it in the node's history", async () => {
    // The token is in the machine's script, as anyone who read that script would have it.
    const { script } = await c.boot.previewBoot({
      mac: machine.nics[0]!.mac,
      arch: 0,
      userClass: 'iPXE',
      vendorClass: '',
      ip: '',
    });
    const arg = (name: string) => new RegExp(`paddock\\.${name}=(\\S+)`).exec(script)?.[1] ?? '';
    expect(arg('token')).toMatch(/^pdt-[0-9A-Z]{24}$/);
    expect(arg('keys')).toBe(`https://${g.net}.1:7443`);
    const intruder = await g.lab.host('intruder');
    await g.lab.link(intruder, g.bridge, { ifname: 'eth0', addresses: [`${g.net}.201/24`], mac: '02:00:00:00:00:c9' });
    const r = await intruder.exec(['sh', join(REPO_ROOT, 'services', 'keys', 'agent', 'paddock-enrol.sh'), 'enroll'], {
      timeoutMs: 30_000,
      env: {
        PADDOCK_URL: arg('keys'),
        PADDOCK_CA: join(g.dataDir, 'pki', 'ca.crt'),
        PADDOCK_TOKEN: arg('token'),
        PADDOCK_NODE: arg('node'),
        PADDOCK_DIR: join(g.dir, 'intruder'),
        SSH_HOST_KEY: '/nonexistent',
      },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refused \(403\): bootstrap token for golden-vm was already used/);
    const after = (await c.inventory.getNode({ node: machine.id })).node!;
    expect(state(after)).toBe(LifecycleState.LIFECYCLE_STATE_READY);
    expect(after.lifecycle!.history.at(-1)).toMatchObject({
      state: LifecycleState.LIFECYCLE_STATE_READY,
      source: 'keys',
      reason: expect.stringMatching(
        `^enrolment refused from ${g.net}\\.201: bootstrap token for golden-vm was already used`,
      ),
    });
  }, 60_000);

  it('learns the vendor from the scanner', async () => {
    const withVendor = await waitForNode(c.inventory, machine.id, 0n, (n) => /QEMU/.test(n.vendor), 45_000);
    expect(withVendor.nics[0]?.vendor).toMatch(/QEMU/);
  }, 60_000);

  it('shows the same in the console', async () => {
    ({ browser, page } = await openConsole(g.consoleUrl, g.token));
    await page.getByRole('link', { name: 'Inventory' }).click();
    await page.getByRole('table', { name: 'Nodes' }).getByText('golden-vm').waitFor();
    const node = (await c.inventory.getNode({ node: machine.id })).node!;
    const cells = await nodeRow(page, 'golden-vm');
    expect(cells.slice(0, 6)).toEqual([
      'golden-vm',
      'ready',
      'on',
      node.nics[0]!.mac,
      node.addresses.find((a) => a.source === 1)!.ip,
      'x86_64 · BIOS',
    ]);
    await page.getByRole('link', { name: 'golden-vm' }).click();
    const details = page.getByRole('region', { name: 'Node golden-vm' });
    await details.waitFor();
    expect(
      await details
        .getByRole('row', { name: /Vendor/ })
        .getByRole('cell')
        .textContent(),
    ).toMatch(/QEMU/);
    // Its hardware, as the node image reported it with its phone-home.
    const nic = details.getByRole('table', { name: 'Hardware' }).getByRole('row', { name: /nic eth0/ });
    await nic.waitFor({ timeout: 30_000 });
    expect(await nic.textContent()).toContain(`${node.nics[0]!.mac} virtio_net`);
    const timeline = await details
      .getByRole('list', { name: 'Lifecycle history' })
      .getByRole('listitem')
      .allTextContents();
    expect(timeline.map((t) => t.split(' ')[0])).toEqual(['discovered', 'booting', 'ready', 'ready']);
    expect(timeline.at(-1)).toMatch(/enrolment refused from 10\.98\.0\.201/);
    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'golden-path-ready.png'), fullPage: true });
  }, 60_000);

  it('powers the machine off through the API: observed power becomes off, in the console too', async () => {
    const { node } = await c.inventory.powerNode({ node: machine.id, action: PowerAction.POWER_ACTION_OFF });
    expect(node?.power).toMatchObject({ desired: 2, observed: 2 });
    expect(states(node!.lifecycle!.history).at(-1)).toBe('LIFECYCLE_STATE_OFF');
    const row = page.getByRole('table', { name: 'Nodes' }).getByRole('row').filter({ hasText: 'golden-vm' });
    await row.getByText('off', { exact: true }).first().waitFor();
    expect((await nodeRow(page, 'golden-vm')).slice(1, 3)).toEqual(['off', 'off']);
  }, 60_000);

  it('resumes its feeds after paddock up restarts: a second boot is recorded once, nothing replayed', async () => {
    const cursorBefore = await metric(g, 'paddock_inventory_feed_cursor', 'boot');
    expect(cursorBefore).toBeGreaterThan(0);
    await g.restart();
    const off = (await c.inventory.getNode({ node: machine.id })).node!;
    const on = await powerOn(c.inventory, off);
    const ready = await waitForNode(
      c.inventory,
      machine.id,
      on.revision,
      (n) => state(n) === LifecycleState.LIFECYCLE_STATE_READY,
      150_000,
    );
    expect(states(ready.lifecycle!.history)).toEqual([
      'LIFECYCLE_STATE_DISCOVERED',
      'LIFECYCLE_STATE_BOOTING',
      'LIFECYCLE_STATE_READY',
      'LIFECYCLE_STATE_READY',
      'LIFECYCLE_STATE_OFF',
      'LIFECYCLE_STATE_BOOTING',
      'LIFECYCLE_STATE_READY',
    ]);
    // Exactly the boot events after the stored cursor were applied (the SYNCED marker carries
    // no new revision, so it applies nothing): none from before the restart again, none missed.
    const after = await bootRevisions(c, BigInt(cursorBefore));
    expect(after.length).toBeGreaterThan(2);
    expect(await metric(g, 'paddock_inventory_feed_cursor', 'boot')).toBe(Number(after.at(-1)));
    expect(await metric(g, 'paddock_inventory_feed_events_total', 'boot')).toBe(after.length);
    await c.inventory.powerNode({ node: machine.id, action: PowerAction.POWER_ACTION_OFF });
  }, 180_000);
});

/** Resolves once the machine's serial log carries the marker. */
async function waitForSerial(file: string, marker: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(file) && readFileSync(file, 'utf8').includes(marker)) return;
    if (Date.now() > deadline) throw new Error(`no ${marker} in ${file} within ${timeoutMs / 1000} s`);
    await sleep(50);
  }
}

/** One sample of a metric from the server's /metrics (with the admin token). */
async function metric(g: GoldenLab, name: string, feed: string): Promise<number> {
  const { request } = await import('node:https');
  const ca = readFileSync(join(g.dataDir, 'pki', 'ca.crt'));
  const text = await new Promise<string>((resolve, reject) => {
    const req = request(
      `${g.consoleUrl}/metrics`,
      { ca, servername: 'localhost', headers: { authorization: `Bearer ${g.token}` } },
      (res) => {
        let body = '';
        res
          .setEncoding('utf8')
          .on('data', (d: string) => (body += d))
          .on('end', () => resolve(body));
      },
    );
    req.on('error', reject).end();
  });
  const m = new RegExp(`^${name}\\{feed="${feed}"\\} (\\S+)$`, 'm').exec(text);
  if (!m) throw new Error(`no ${name}{feed="${feed}"} in /metrics`);
  return Number(m[1]);
}

/** The revisions of the boot service's events after `from`, up to SYNCED. */
async function bootRevisions(c: ReturnType<GoldenLab['clients']>, from: bigint): Promise<bigint[]> {
  const out: bigint[] = [];
  const stop = new AbortController();
  try {
    for await (const e of c.boot.watchEvents({ watch: { fromRevision: from }, mac: '' }, { signal: stop.signal })) {
      if (e.watch?.kind === WatchEventKind.WATCH_EVENT_KIND_SYNCED) break;
      if (e.event) out.push(e.event.revision);
    }
  } finally {
    stop.abort();
  }
  return out;
}
