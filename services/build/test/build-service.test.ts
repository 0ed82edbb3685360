import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootConfigSchema, createBoot, resolveBootSettings } from '@paddock/boot';
import { BootServiceDefinition } from '@paddock/proto/boot/v1/boot.ts';
import { BuildServiceDefinition, type Job, JobState, type RunBuildRequest } from '@paddock/proto/build/v1/build.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { startTestServer } from '@paddock/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuild } from '../src/module.ts';

// The build service with the real recipes, run in their sandbox (as nobody when the test runs
// as root), the boot service beside it to publish into. Inputs are the Debian packages set-up
// fetched into .cache/builders (shared, read-only here); the artifact cache is the server's own.
const INPUTS = join(import.meta.dirname, '..', '..', '..', '.cache', 'builders', 'inputs');
const SCRIPT = '#!ipxe\necho hello from the build service\nshell\n';
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function startServer(dir: string, config: Record<string, unknown> = {}) {
  const boot = createBoot(
    resolveBootSettings(
      bootConfigSchema.parse({
        bootHttpListen: '127.0.0.1:0',
        advertiseAddress: '127.0.0.1',
        ipxeDir: join(dir, 'none'),
      }),
    ),
  );
  const build = createBuild({
    config: { buildInputs: INPUTS, ...config },
    publish: async (name, path, sha) => (await boot.publishFile(name, path, sha)).name,
  });
  const server = await startTestServer({ dataDir: dir, modules: [boot.factory, build.factory] });
  return { server, client: server.client(BuildServiceDefinition) };
}

type Client = Awaited<ReturnType<typeof startServer>>['client'];
const run = (client: Client, req: Partial<RunBuildRequest> & { recipe: string }) =>
  client.runBuild({ paramsJson: '{}', timeoutSeconds: 0, publishPrefix: '', noCache: false, ...req });
const FINISHED: JobState[] = [
  JobState.JOB_STATE_SUCCEEDED,
  JobState.JOB_STATE_FAILED,
  JobState.JOB_STATE_CANCELLED,
  JobState.JOB_STATE_TIMED_OUT,
];

/** Follows WatchJobs until job `id` finishes; returns every state of it the stream showed. */
async function follow(client: Client, id: string): Promise<Job[]> {
  const seen: Job[] = [];
  const ac = new AbortController();
  for await (const e of client.watchJobs({ watch: { fromRevision: 0n } }, { signal: ac.signal })) {
    if (e.job?.id !== id) continue;
    seen.push(e.job);
    if (FINISHED.includes(e.job.state)) break;
  }
  ac.abort();
  return seen;
}

describe('the build service', () => {
  let dir: string;
  let s: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paddock-build-'));
    s = await startServer(dir, { buildConcurrency: 1 });
  });
  afterAll(async () => {
    await s?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds a recipe in its sandbox, streams progress and its log, publishes the files, and hits the cache the second time', {
    timeout: 240_000,
  }, async () => {
    const { job } = await run(s.client, {
      recipe: 'node-image',
      paramsJson: '{"zstdLevel":1}',
      publishPrefix: 'images/node',
    });
    const states = await follow(s.client, job!.id);
    const done = states.at(-1)!;
    expect(done.error).toBe('');
    expect(done.state).toBe(JobState.JOB_STATE_SUCCEEDED);
    // Progress came step by step, not only at the end.
    expect(states.map((j) => j.step)).toEqual(expect.arrayContaining(['inputs', 'modules', 'compress', 'done']));
    expect(done.artifacts.map((a) => a.name).sort()).toEqual(['initrd.img', 'vmlinuz']);
    // Published into the boot files with the same bytes.
    const boot = s.server.client(BootServiceDefinition);
    const files = (await boot.listFiles({ prefix: '' })).files;
    for (const a of done.artifacts) {
      expect(a.publishedAs).toBe(`images/node/${a.name}`);
      expect(files.find((f) => f.name === a.publishedAs)?.sha256).toBe(a.sha256);
    }
    // Built by the unprivileged build user when the server is root.
    const blob = join(dir, 'build', 'cache', 'blobs', done.artifacts[0]!.sha256.slice(0, 2), done.artifacts[0]!.sha256);
    expect(sha256(blob)).toBe(done.artifacts[0]!.sha256);
    if (process.getuid?.() === 0) expect(statSync(blob).uid).toBe(65534);
    // The log, read whole after the end.
    let log = '';
    for await (const chunk of s.client.getLog({ id: job!.id, offset: 0n, follow: true })) log += chunk.text;
    expect(log).toMatch(/building node-image from \d+ packages/);
    expect(log).toMatch(/succeeded\n$/);

    const again = await run(s.client, { recipe: 'node-image', paramsJson: '{"zstdLevel":1}' });
    const second = (await follow(s.client, again.job!.id)).at(-1)!;
    expect(second.state).toBe(JobState.JOB_STATE_SUCCEEDED);
    expect(second.cacheHit).toBe(true);
    expect(second.cacheKey).toBe(done.cacheKey);
    expect(Number(second.finishedAtUnixMs - second.startedAtUnixMs)).toBeLessThan(5000);
  });

  it('builds a U-Boot boot.scr that loads the given kernel and initramfs, fetching its package as the build user', async () => {
    // A server with its own inputs folder, as `paddock up` has by default: the sandboxed build
    // user fetches u-boot-tools there itself (the shared test inputs are root's).
    const own = mkdtempSync(join(tmpdir(), 'paddock-build-uboot-'));
    const u = await startServer(own, { buildInputs: undefined });
    try {
      const params = { kernel: 'arm64/vmlinuz', initrd: 'arm64/initrd.img', cmdline: 'console=ttyAMA0 quiet' };
      const { job } = await run(u.client, { recipe: 'uboot-script', paramsJson: JSON.stringify(params) });
      const done = (await follow(u.client, job!.id)).at(-1)!;
      expect(done.error).toBe('');
      expect(done.artifacts.map((a) => a.name).sort()).toEqual(['boot.cmd', 'boot.scr']);
      const { sha256: sum } = done.artifacts.find((a) => a.name === 'boot.scr')!;
      const scr = readFileSync(join(own, 'build', 'cache', 'blobs', sum.slice(0, 2), sum));
      // mkimage's legacy image header (magic 0x27051956), then the script naming both files.
      expect(scr.readUInt32BE(0)).toBe(0x27051956);
      expect(scr.toString('latin1')).toMatch(/tftpboot \$\{kernel_addr_r\} arm64\/vmlinuz/);
      expect(scr.toString('latin1')).toContain('setenv bootargs "console=ttyAMA0 quiet"');
      await expect(run(u.client, { recipe: 'uboot-script', paramsJson: '{"kernel":"a;reset"}' })).rejects.toThrow(
        /kernel must be a plain path/,
      );
    } finally {
      await u.server.close();
      rmSync(own, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses unknown recipes and bad parameters before queueing anything', async () => {
    const before = (await s.client.listJobs({})).jobs.length;
    await expect(run(s.client, { recipe: 'nope', paramsJson: '{}' })).rejects.toThrow(/unknown recipe "nope"/);
    await expect(run(s.client, { recipe: 'ipxe-script', paramsJson: '{"script":"echo"}' })).rejects.toThrow(/#!ipxe/);
    await expect(run(s.client, { recipe: 'ipxe-script', paramsJson: '{"scrpt":1}' })).rejects.toThrow(
      /unknown parameter scrpt/,
    );
    await expect(run(s.client, { recipe: 'ipxe-script', paramsJson: '[1' })).rejects.toThrow(/not JSON/);
    await expect(
      run(s.client, { recipe: 'ipxe-script', paramsJson: JSON.stringify({ script: SCRIPT }), publishPrefix: '../etc' }),
    ).rejects.toThrow(/publish prefix/);
    expect((await s.client.listJobs({})).jobs.length).toBe(before);
  });

  it('queues past its concurrency, cancels a queued and a running job, and publishes nothing of them', {
    timeout: 120_000,
  }, async () => {
    const params = JSON.stringify({ zstdLevel: 19, extraModules: ['loop'] });
    const first = (
      await run(s.client, { recipe: 'node-image', paramsJson: params, noCache: true, publishPrefix: 'cancelled' })
    ).job!;
    const second = (await run(s.client, { recipe: 'ipxe-script', paramsJson: JSON.stringify({ script: SCRIPT }) }))
      .job!;
    expect(second.state).toBe(JobState.JOB_STATE_QUEUED);
    expect((await s.client.cancelJob({ id: second.id })).job!.state).toBe(JobState.JOB_STATE_CANCELLED);
    await s.client.cancelJob({ id: first.id });
    const end = (await follow(s.client, first.id)).at(-1)!;
    expect(end.state).toBe(JobState.JOB_STATE_CANCELLED);
    expect(end.artifacts).toEqual([]);
    const files = (await s.server.client(BootServiceDefinition).listFiles({ prefix: '' })).files;
    expect(files.filter((f) => f.name.startsWith('cancelled/'))).toEqual([]);
    await expect(s.client.cancelJob({ id: first.id })).rejects.toThrow(/already cancelled/);
  });

  it('resumes a Watch after a restart with nothing repeated, and marks a build the restart interrupted', {
    timeout: 120_000,
  }, async () => {
    let last = 0n;
    const ac = new AbortController();
    for await (const e of s.client.watchJobs({ watch: { fromRevision: 0n } }, { signal: ac.signal })) {
      last = e.watch!.revision;
      if (e.watch!.kind === WatchEventKind.WATCH_EVENT_KIND_SYNCED) break;
    }
    ac.abort();
    const running = (await run(s.client, { recipe: 'node-image', paramsJson: '{"zstdLevel":19}', noCache: true })).job!;
    await s.server.close();
    s = await startServer(dir);
    const seen: Job[] = [];
    const ac2 = new AbortController();
    for await (const e of s.client.watchJobs({ watch: { fromRevision: last } }, { signal: ac2.signal })) {
      if (e.watch!.kind === WatchEventKind.WATCH_EVENT_KIND_SYNCED) break;
      expect(e.watch!.kind).toBe(WatchEventKind.WATCH_EVENT_KIND_CHANGE);
      expect(e.watch!.revision).toBeGreaterThan(last);
      seen.push(e.job!);
    }
    ac2.abort();
    const after = seen.filter((j) => j.id === running.id).at(-1)!;
    expect(after.state).toBe(JobState.JOB_STATE_FAILED);
    expect(after.error).toMatch(/interrupted/);
  });
});

describe('limits', () => {
  it('stops a build at its time limit, and fails one that writes past the file size limit, leaving no cache entry', {
    timeout: 180_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paddock-build-limits-'));
    const s = await startServer(dir, { buildFileLimit: 1 << 20, buildConcurrency: 2 });
    try {
      const slow = (
        await run(s.client, { recipe: 'node-image', paramsJson: '{"zstdLevel":19}', noCache: true, timeoutSeconds: 2 })
      ).job!;
      const big = (await run(s.client, { recipe: 'node-image', paramsJson: '{"zstdLevel":1}', noCache: true })).job!;
      const timedOut = (await follow(s.client, slow.id)).at(-1)!;
      expect(timedOut.state).toBe(JobState.JOB_STATE_TIMED_OUT);
      expect(timedOut.error).toMatch(/time limit of 2 s/);
      const tooBig = (await follow(s.client, big.id)).at(-1)!;
      expect(tooBig.state).toBe(JobState.JOB_STATE_FAILED);
      expect(tooBig.error).toMatch(/EFBIG|too large|File size limit/i);
      expect((await s.client.listArtifacts({})).artifacts).toEqual([]);
    } finally {
      await s.server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
