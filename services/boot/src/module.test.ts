import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BootEventKind,
  BootServiceDefinition,
  FileAccess,
  type WatchEventsResponse,
} from '@paddock/proto/boot/v1/boot.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { type Client, connect, createClient, type RunningServer, startServer } from '@paddock/runtime';
import { testServerConfig } from '@paddock/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootConfigSchema, resolveBootSettings } from './config.ts';
import { type BootHandle, createBoot } from './module.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function* upload(
  name: string,
  data: Uint8Array,
  opts: { access?: FileAccess; nodeMac?: string; sha256?: string } = {},
) {
  yield {
    part: {
      $case: 'header' as const,
      value: { name, access: opts.access ?? 0, nodeMac: opts.nodeMac ?? '', sha256: opts.sha256 ?? '' },
    },
  };
  for (let at = 0; at < data.length; at += 100_000)
    yield { part: { $case: 'chunk' as const, value: data.subarray(at, at + 100_000) } };
}

/** The module in a real server on loopback (port 0, insecure): gRPC and boot HTTP over sockets. */
describe('boot module in a server', () => {
  let dir: string;
  let server: RunningServer;
  let boot: BootHandle;
  let client: Client<typeof BootServiceDefinition>;
  let http: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paddock-boot-module-'));
    const settings = resolveBootSettings(
      bootConfigSchema.parse({
        bootHttpListen: '127.0.0.1:0',
        advertiseAddress: '127.0.0.1',
        ipxeDir: join(dir, 'no-ipxe'),
      }),
    );
    boot = createBoot(settings);
    server = await startServer({
      name: 'boot-test',
      config: testServerConfig(dir),
      modules: [boot.factory],
    });
    const c = connect({ dataDir: dir, server: server.grpcAddress, insecure: true });
    client = createClient(BootServiceDefinition, c.address, c.credentials, c.options);
    http = `http://127.0.0.1:${boot.listening().http}`;
  });
  afterAll(async () => {
    client?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads by stream, lists with hash, downloads identical bytes, and serves public files over HTTP', async () => {
    const data = randomBytes(700_000);
    const { file } = await client.uploadFile(upload('debian/vmlinuz', data, { sha256: sha(data) }));
    expect(file).toMatchObject({
      name: 'debian/vmlinuz',
      size: 700_000n,
      sha256: sha(data),
      access: FileAccess.FILE_ACCESS_PUBLIC,
    });
    const { files } = await client.listFiles({ prefix: 'debian/' });
    expect(files.map((f) => [f.name, f.sha256])).toEqual([['debian/vmlinuz', sha(data)]]);
    const parts: Uint8Array[] = [];
    let header: unknown;
    for await (const r of client.downloadFile({ name: 'debian/vmlinuz' })) {
      if (r.part?.$case === 'file') header = r.part.value;
      else if (r.part?.$case === 'chunk') parts.push(r.part.value);
    }
    expect(header).toMatchObject({ sha256: sha(data) });
    expect(sha(Buffer.concat(parts))).toBe(sha(data));
    const res = await fetch(`${http}/boot/files/debian/vmlinuz`, { headers: { range: 'bytes=1000-1999' } });
    expect(res.status).toBe(206);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(data.subarray(1000, 2000));
  });

  it('refuses an upload whose hash does not match, storing nothing', async () => {
    const err = await client
      .uploadFile(upload('bad', randomBytes(10), { sha256: sha(Buffer.from('x')) }))
      .catch((e) => e);
    expect(err.details).toMatch(/nothing stored/);
    expect((await client.listFiles({ prefix: 'bad' })).files).toEqual([]);
  });

  it('serves a node file only through its signed URL, rendered into that node’s script', async () => {
    await client.uploadFile(
      upload('seed.cfg', Buffer.from('d-i secret'), {
        access: FileAccess.FILE_ACCESS_NODE,
        nodeMac: '52:54:00:12:34:56',
      }),
    );
    await client.putScript({
      script: {
        name: 'install',
        description: '',
        body: '#!ipxe\nkernel {{#file}}debian/vmlinuz{{/file}} url={{#nodeFile}}seed.cfg{{/nodeFile}}\nboot\n',
      },
    });
    await client.putRule({
      rule: {
        name: 'vm',
        priority: 1,
        description: '',
        match: { macs: ['52:54:00:12:34:56'], archs: [], ipxe: 0, labels: {} },
        action: { kind: { $case: 'script', value: 'install' } },
      },
    });
    const preview = await client.previewBoot({
      mac: '52:54:00:12:34:56',
      arch: 0,
      userClass: 'iPXE',
      vendorClass: 'PXEClient',
      ip: '',
    });
    expect(preview.rule).toBe('vm');
    const scriptRes = await fetch(preview.httpUrl);
    const script = await scriptRes.text();
    expect(script).toBe(preview.script);
    const seedUrl = /url=(\S+)/.exec(script)![1]!;
    expect(await (await fetch(seedUrl)).text()).toBe('d-i secret');
    // Not as a public file, not unsigned, not for another MAC.
    expect((await fetch(`${http}/boot/files/seed.cfg`)).status).toBe(404);
    expect((await fetch(seedUrl.split('?')[0]!)).status).toBe(403);
    expect((await fetch(seedUrl.replace('34-56', '34-57'))).status).toBe(403);
    const other = await client.previewBoot({
      mac: '52:54:00:12:34:57',
      arch: 0,
      userClass: '',
      vendorClass: 'PXEClient',
      ip: '',
    });
    expect(other).toMatchObject({ rule: 'bios-ipxe', bootFile: 'undionly.kpxe', nextServer: '127.0.0.1' });
  });

  it('streams boot events: history, SYNCED, then live, resumable by revision', async () => {
    const stop = new AbortController();
    const seen: WatchEventsResponse[] = [];
    const done = (async () => {
      for await (const r of client.watchEvents(
        { watch: { fromRevision: 0n }, mac: '52:54:00:12:34:56' },
        { signal: stop.signal },
      )) {
        seen.push(r);
        if (r.event?.detail === 'installed') break;
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    // A script with the phone-home URL, fetched as iPXE would, then called as the booted system would.
    const tpl = '#!ipxe\nkernel x paddock.phone={{phoneHomeUrl}}\n';
    await client.putScript({ script: { name: 'install', description: '', body: tpl } });
    const s = await (
      await fetch(
        (
          await client.previewBoot({ mac: '52:54:00:12:34:56', arch: 0, userClass: 'iPXE', vendorClass: '', ip: '' })
        ).httpUrl,
      )
    ).text();
    const phoneUrl = /paddock\.phone=(\S+)/.exec(s)![1]!;
    expect((await fetch(`${phoneUrl}&status=installed`)).status).toBe(200);
    await done;
    stop.abort();
    const K = WatchEventKind;
    const kinds = seen.map((r) => r.watch?.kind).filter((k) => k !== K.WATCH_EVENT_KIND_PROGRESS);
    expect(kinds[0]).toBe(K.WATCH_EVENT_KIND_RESET);
    const syncedAt = kinds.indexOf(K.WATCH_EVENT_KIND_SYNCED);
    expect(syncedAt).toBeGreaterThan(1); // the earlier test's fetches, as SNAPSHOTs
    expect(kinds.slice(1, syncedAt).every((k) => k === K.WATCH_EVENT_KIND_SNAPSHOT)).toBe(true);
    expect(kinds.slice(syncedAt + 1).every((k) => k === K.WATCH_EVENT_KIND_CHANGE)).toBe(true);
    const revs = seen.flatMap((r) => (r.event ? [r.event.revision] : []));
    expect([...revs].sort((a, b) => Number(a - b))).toEqual(revs);
    expect(new Set(revs).size).toBe(revs.length);
    // Resume from the middle: exactly the events after it.
    const from = revs[1]!;
    const resumed: bigint[] = [];
    for await (const r of client.watchEvents({ watch: { fromRevision: from }, mac: '52:54:00:12:34:56' })) {
      if (r.watch?.kind === K.WATCH_EVENT_KIND_SYNCED) break;
      if (r.event) resumed.push(r.event.revision);
    }
    expect(resumed).toEqual(revs.filter((r) => r > from));
  });

  it('keeps the body a booted system posts to its phone-home URL, and refuses unsigned or oversized ones', async () => {
    // The machine the test above gave a script with a phone-home URL.
    const mac = '52:54:00:12:34:56';
    const s = await (
      await fetch((await client.previewBoot({ mac, arch: 0, userClass: 'iPXE', vendorClass: '', ip: '' })).httpUrl)
    ).text();
    const phoneUrl = /paddock\.phone=(\S+)/.exec(s)![1]!;
    const report = 'paddock-hardware 1\ncpu\tQEMU Virtual CPU\t2\t2\t1\n';
    const post = (url: string, body: string) => fetch(url, { method: 'POST', body });
    expect((await post(`${phoneUrl}&status=hardware`, report)).status).toBe(200);
    expect((await post(phoneUrl.replace(/sig=[^&]+/, 'sig=AAAA'), report)).status).toBe(403);
    // Over the limit: refused (413) or the connection closed, and no phone-home recorded for it.
    const big = await post(`${phoneUrl}&status=big`, 'x'.repeat(17 * 1024)).then(
      (r) => r.status,
      () => 'closed',
    );
    expect(big).not.toBe(200);
    const events: { detail: string; report: string }[] = [];
    for await (const r of client.watchEvents({ watch: { fromRevision: 0n }, mac })) {
      if (r.watch?.kind === WatchEventKind.WATCH_EVENT_KIND_SYNCED) break;
      if (r.event?.kind === BootEventKind.BOOT_EVENT_KIND_PHONE_HOME) events.push(r.event);
    }
    const ours = events.filter((e) => e.detail === 'hardware' || e.detail === 'big');
    expect(ours.map((e) => [e.detail, e.report])).toEqual([['hardware', report]]);
  });
});
