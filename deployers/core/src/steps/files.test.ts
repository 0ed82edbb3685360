import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Remote, StepContext } from '../engine/types.ts';
import { filesStep } from './files.ts';

/** This machine's own shell as the "host": the step's commands run as they would over SSH, in a temp dir. */
const localShell: Remote = {
  run: async (command, o = {}) => {
    const input = o.inputFile ? readFileSync(o.inputFile) : (o.input ?? '');
    const r = spawnSync('sh', ['-c', command], { input, encoding: 'utf8' });
    return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
  },
};
const ctx = { remote: localShell, log: () => {}, signal: new AbortController().signal } as unknown as StepContext;

describe('filesStep', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names each missing or differing file, writes only those, then finds everything in place', async () => {
    dir = mkdtempSync(join(tmpdir(), 'files-step-'));
    const local = join(dir, 'binary');
    writeFileSync(local, Buffer.from([0, 1, 2, 255, 254]));
    const step = filesStep({
      id: 'files',
      title: 'files',
      files: [
        { path: join(dir, 'host/bin/tool'), local, mode: '755' },
        { path: join(dir, 'host/etc/secret'), content: 'token\n', mode: '600' },
        { path: join(dir, 'host/etc/config'), content: () => 'a: 1\n' },
      ],
    });
    const first = await step.check(ctx);
    expect(first).toEqual({
      kind: 'change',
      reason: expect.stringMatching(/tool missing, .*secret missing, .*config missing$/),
    });
    await step.apply(ctx);
    expect(await step.check(ctx)).toEqual({ kind: 'ok' });
    expect(readFileSync(join(dir, 'host/bin/tool'))).toEqual(readFileSync(local));
    expect(statSync(join(dir, 'host/etc/secret')).mode & 0o777).toBe(0o600);

    chmodSync(join(dir, 'host/etc/secret'), 0o644);
    writeFileSync(join(dir, 'host/etc/config'), 'a: 2\n');
    const drift = await step.check(ctx);
    expect(drift).toEqual({
      kind: 'change',
      reason: `${join(dir, 'host/etc/secret')} mode 644, want 600, ${join(dir, 'host/etc/config')} content differs`,
    });
    await step.apply(ctx);
    expect(await step.check(ctx)).toEqual({ kind: 'ok' });
    expect(readFileSync(join(dir, 'host/etc/config'), 'utf8')).toBe('a: 1\n');
  });

  it('sends a gzip archive in place of a local file, unpacked on the host and compared with the file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'files-step-'));
    const local = join(dir, 'runtime');
    writeFileSync(local, Buffer.alloc(100_000, 7));
    writeFileSync(`${local}.gz`, gzipSync(readFileSync(local)));
    const file = { path: join(dir, 'host/bin/runtime'), local, mode: '755', gzip: `${local}.gz` };
    const step = filesStep({ id: 'runtime', title: 'runtime', files: [file] });
    await step.apply(ctx);
    expect(readFileSync(file.path)).toEqual(readFileSync(local));
    expect(await step.check(ctx)).toEqual({ kind: 'ok' });
    // A stale archive: what it unpacks is not the file, so the check still finds a change.
    writeFileSync(local, 'a newer runtime');
    const next = filesStep({ id: 'runtime', title: 'runtime', files: [file] });
    await next.apply(ctx);
    expect(await next.check(ctx)).toEqual({ kind: 'change', reason: `${file.path} content differs` });
  });
});
