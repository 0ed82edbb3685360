import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directorySource } from './file-source.ts';

describe('directorySource', () => {
  let dir: string;
  let root: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paddock-src-'));
    root = join(dir, 'root');
    await mkdir(join(root, 'sub'), { recursive: true });
    await writeFile(join(root, 'sub', 'f.bin'), 'hello world');
    await writeFile(join(dir, 'secret'), 'secret');
    await symlink('../secret', join(root, 'out'));
    await symlink('sub/f.bin', join(root, 'in'));
    execFileSync('mkfifo', [join(root, 'fifo')]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads a file in chunks and stops at its end', async () => {
    const r = await directorySource(root).open('/sub/f.bin');
    if (!r.ok) throw new Error(r.reason);
    expect(r.file.size).toBe(11);
    expect(new TextDecoder().decode(await r.file.read(6, 100))).toBe('world');
    expect((await r.file.read(11, 10)).length).toBe(0);
    await r.file.close();
  });

  it('follows a symlink that stays inside the root', async () => {
    const r = await directorySource(root).open('in');
    expect(r.ok && r.file.size).toBe(11);
    if (r.ok) await r.file.close();
  });

  it('refuses a symlink that leads out, directories and FIFOs, without hanging', async () => {
    const src = directorySource(root);
    expect(await src.open('out')).toMatchObject({ ok: false, error: 'access-denied', reason: /outside the root/ });
    expect(await src.open('sub')).toMatchObject({ ok: false, error: 'access-denied', reason: /regular file/ });
    expect(await src.open('fifo')).toMatchObject({ ok: false, error: 'access-denied', reason: /regular file/ });
  });

  it('refuses traversal by name and reports missing files as not found', async () => {
    const src = directorySource(root);
    expect(await src.open('../secret')).toMatchObject({ ok: false, error: 'access-denied' });
    expect(await src.open('%2e%2e/secret')).toMatchObject({ ok: false, error: 'not-found' });
    expect(await src.open('/etc/passwd')).toMatchObject({ ok: false, error: 'not-found' });
    expect(await src.open('sub/f.bin/x')).toMatchObject({ ok: false, error: 'not-found' });
  });
});
