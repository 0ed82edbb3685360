/**
 * The node image's phone-home script (busybox sh and curl, as in the image) against the boot
 * service's real HTTP listener, with signed URLs that live 4 s: the first report gets
 * through, the URL it booted with expires, and facts that change afterwards still arrive,
 * because every answer handed the script a fresh URL. Renewals leave no event behind.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootConfigSchema, createBoot, resolveBootSettings } from '@paddock/boot';
import { PHONE_HOME_SCRIPT, PHONED_MARKER } from '@paddock/node-image';
import { BootEventKind, BootServiceDefinition, IpxeMatch } from '@paddock/proto/boot/v1/boot.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { connect, createClient, type RunningServer, startServer } from '@paddock/runtime';
import { testServerConfig } from '@paddock/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAC = '52:54:00:aa:bb:01';
const TTL_S = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('phone-home past the lifetime of its first URL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paddock-phone-home-'));
  let server: RunningServer;
  let http: string;
  let client: ReturnType<typeof createClient<typeof BootServiceDefinition>>;

  beforeAll(async () => {
    const settings = resolveBootSettings(
      bootConfigSchema.parse({ bootHttpListen: '127.0.0.1:0', advertiseAddress: '127.0.0.1', ipxeDir: dir }),
    );
    // The configured minimum is a minute; the test shortens it to see URLs expire.
    const boot = createBoot({ ...settings, urlTtl: TTL_S });
    server = await startServer({ name: 'phone-home-test', config: testServerConfig(dir), modules: [boot.factory] });
    const c = connect({ dataDir: dir, server: server.grpcAddress, insecure: true });
    client = createClient(BootServiceDefinition, c.address, c.credentials, c.options);
    http = `http://127.0.0.1:${boot.listening().http}`;
  });
  afterAll(async () => {
    client?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function phoneEvents(): Promise<{ detail: string; report: string }[]> {
    const out: { detail: string; report: string }[] = [];
    for await (const r of client.watchEvents({ watch: { fromRevision: 0n }, mac: MAC })) {
      if (r.watch?.kind === WatchEventKind.WATCH_EVENT_KIND_SYNCED) break;
      if (r.event?.kind === BootEventKind.BOOT_EVENT_KIND_PHONE_HOME) out.push(r.event);
      if (r.event?.kind === BootEventKind.BOOT_EVENT_KIND_HTTP_ERROR) out.push({ ...r.event, detail: 'error' });
    }
    return out;
  }

  it('sends changed facts after the first URL expired, with the URL the last answer gave', async () => {
    await client.putScript({ script: { name: 'phone', description: '', body: '#!ipxe\nkernel x {{phoneHomeUrl}}\n' } });
    const match = { macs: [MAC], archs: [], ipxe: IpxeMatch.IPXE_MATCH_UNSPECIFIED, labels: {} };
    const action = { kind: { $case: 'script' as const, value: 'phone' } };
    await client.putRule({ rule: { name: 'phone', priority: 1, description: '', match, action } });
    const preview = await client.previewBoot({ mac: MAC, arch: 0, userClass: 'iPXE', vendorClass: '', ip: '' });
    const script = await (await fetch(preview.httpUrl)).text();
    const first = /kernel x (\S+)/.exec(script)![1]!;
    expect(first.startsWith(`${http}/boot/phone-home/`)).toBe(true);

    const facts = join(dir, 'facts');
    const run = join(dir, 'node-run');
    mkdirSync(run);
    writeFileSync(facts, 'paddock-hardware 1\ncpu\tfirst\t2\t2\t1\n');
    writeFileSync(join(dir, 'hardware'), `#!/bin/sh\ncat ${facts}\n`, { mode: 0o755 });
    writeFileSync(join(dir, 'phone-home'), PHONE_HOME_SCRIPT, { mode: 0o755 });
    const env = {
      PATH: process.env['PATH'],
      PADDOCK_RECHECK_S: '1',
      PADDOCK_HARDWARE: join(dir, 'hardware'),
      PADDOCK_RUN: run,
    };
    const agent = spawn('busybox', ['sh', join(dir, 'phone-home'), first], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    agent.stdout.on('data', (d) => (out += d));
    agent.stderr.on('data', (d) => (out += d));
    try {
      for (let i = 0; i < 50 && !out.includes(PHONED_MARKER); i++) await sleep(100);
      expect(out).toContain(PHONED_MARKER);

      // Past the first URL's life: it is refused now, yet the script's next report gets through.
      await sleep((TTL_S + 2) * 1000);
      expect((await fetch(`${first}&status=late`, { method: 'POST', body: '' })).status).toBe(403);
      writeFileSync(facts, 'paddock-hardware 1\ncpu\tsecond\t4\t4\t1\n');
      let events = await phoneEvents();
      for (let i = 0; i < 40 && !events.some((e) => e.detail === 'hardware'); i++) {
        await sleep(250);
        events = await phoneEvents();
      }
      expect(events.filter((e) => e.detail !== 'error').map((e) => [e.detail, e.report.split('\t')[1]])).toEqual([
        ['ready arch=x86_64', 'first'],
        ['hardware', 'second'],
      ]);
      // The one refusal is the test's own late call with the expired URL; the script had none.
      expect(events.filter((e) => e.detail === 'error')).toHaveLength(1);
      expect(out).not.toMatch(/curl: \(22\)/);
    } finally {
      agent.kill();
    }
  }, 30_000);
});
