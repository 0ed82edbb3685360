/**
 * bin/paddock.js runs the bundle only when it was built from what is checked out: a commit or
 * checkout since the build, or (in a developer's shell) an edited source, runs the sources, so a
 * change is never hidden behind a stale bundle; otherwise it starts without looking at sources.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN } from './serve-args.ts';

let dir: string;
const head = () => join(dir, 'git', 'HEAD');
const ref = () => join(dir, 'git', 'refs', 'main');
const packed = () => join(dir, 'git', 'packed-refs');

/** A copy of the wrapper beside a stand-in bundle and stand-in sources that say which ran. */
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paddock-stamp-'));
  for (const d of ['bin', 'dist', 'src', 'git/refs']) mkdirSync(join(dir, d), { recursive: true });
  copyFileSync(BIN, join(dir, 'bin', 'paddock.js'));
  copyFileSync(join(BIN, '..', 'bundle-current.js'), join(dir, 'bin', 'bundle-current.js'));
  writeFileSync(join(dir, 'dist', 'paddock.mjs'), "console.log('bundle');\n");
  writeFileSync(join(dir, 'src', 'main.ts'), "console.log('sources');\n");
  writeFileSync(head(), 'ref: refs/main\n');
  writeFileSync(ref(), 'aaaa\n');
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(dir, 'src', 'main.ts'), past, past);
  const stamp = {
    builtAtMs: Date.now() - 30_000,
    root: '..',
    git: [[head(), 'ref: refs/main\n']],
    ref: { name: 'refs/main', loose: ref(), packed: packed(), id: 'aaaa' },
    inputs: ['src/main.ts'],
  };
  writeFileSync(join(dir, 'dist', 'stamp.json'), JSON.stringify(stamp));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(env: Record<string, string> = {}): string {
  const clean = { ...process.env, PADDOCK_DEV: '', PADDOCK_FROM_SOURCE: '', ...env };
  return execFileSync(process.execPath, [join(dir, 'bin', 'paddock.js')], { env: clean, encoding: 'utf8' }).trim();
}

describe('which code paddock runs', () => {
  it('the bundle, when the checkout is as it was built (sources unread)', () => {
    expect(run()).toBe('bundle');
    expect(run({ PADDOCK_DEV: '1' })).toBe('bundle');
  });

  it('the sources after a commit or a checkout', () => {
    writeFileSync(ref(), 'bbbb\n');
    expect(run()).toBe('sources');
    writeFileSync(ref(), 'aaaa\n');
    writeFileSync(head(), 'cccc\n');
    expect(run()).toBe('sources');
  });

  it('the bundle after git packs its refs, the sources when the packed ref moved', () => {
    rmSync(ref());
    writeFileSync(packed(), '# pack-refs with: peeled fully-peeled sorted\naaaa refs/main\n');
    expect(run()).toBe('bundle');
    writeFileSync(packed(), '# pack-refs with: peeled fully-peeled sorted\nbbbb refs/main\n');
    expect(run()).toBe('sources');
  });

  it('the sources after an edit, in a developer shell (PADDOCK_DEV=1)', () => {
    writeFileSync(join(dir, 'src', 'main.ts'), "console.log('sources');\n");
    expect(run({ PADDOCK_DEV: '1' })).toBe('sources');
    expect(run()).toBe('bundle');
  });

  it('the sources without a stamp, or when asked to', () => {
    expect(run({ PADDOCK_FROM_SOURCE: '1' })).toBe('sources');
    rmSync(join(dir, 'dist', 'stamp.json'));
    expect(run()).toBe('sources');
  });
});
