/**
 * The ISO recipe with the node image inside, booted on SeaBIOS (TCG) twice: as a CD and, since
 * it is hybrid, as a disk (as a USB stick written with dd would be). Each time ISOLINUX loads the
 * kernel and the node image's init prints its marker on the serial line. Built twice in
 * separate caches, it is the same bytes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BOOTED_MARKER, buildNodeImage } from '@paddock/node-image';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIso } from './build.ts';
import { ParamError } from './recipe.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
const INPUTS = join(REPO_ROOT, '.cache', 'builders', 'inputs');
const dir = mkdtempSync(join(tmpdir(), 'iso-media-'));
const running: ChildProcess[] = [];
afterAll(() => {
  for (const q of running) if (q.exitCode === null) q.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Boots `drive` args until the serial log shows the marker; true if it did within the time. */
async function bootsToMarker(name: string, drive: string[]): Promise<boolean> {
  const serial = join(dir, `${name}.log`);
  // biome-ignore format: flag and value pairs read best side by side
  const q = spawn('qemu-system-x86_64', [
    '-accel', 'tcg', '-m', '512', '-nographic', '-vga', 'none', '-monitor', 'none', '-no-reboot',
    '-serial', `file:${serial}`, '-net', 'none', ...drive,
  ], { stdio: 'ignore' });
  running.push(q);
  const deadline = Date.now() + 150_000;
  try {
    while (Date.now() < deadline && q.exitCode === null) {
      if (existsSync(serial) && readFileSync(serial, 'latin1').includes(BOOTED_MARKER)) return true;
      await sleep(250);
    }
    return false;
  } finally {
    q.kill('SIGKILL');
  }
}

describe('hybrid ISO', () => {
  const image = buildNodeImage({ inputsDir: INPUTS, cacheDir: join(REPO_ROOT, '.cache', 'builders', 'artifacts') });
  const part = (n: string) => image.files.find((f) => f.name === n)!.path;
  const build = (cacheDir: string, params: Record<string, unknown>) =>
    buildIso({ inputsDir: INPUTS, cacheDir, kernel: part('vmlinuz'), initrd: part('initrd.img'), params });

  it('rejects a bad label, a multi-line command line and unknown parameters', () => {
    expect(() => build(dir, { label: 'no spaces' })).toThrow(ParamError);
    expect(() => build(dir, { cmdline: 'a\nb' })).toThrow(/one line/);
    expect(() => build(dir, { bootloader: 'lilo' })).toThrow(/unknown parameter bootloader/);
  });

  it('is reproducible and boots the node image from CD and from disk', async () => {
    const params = { cmdline: 'console=ttyS0 quiet panic=-1' };
    const iso = build(join(dir, 'a'), params).files[0]!;
    expect(build(join(dir, 'b'), params).files[0]!.sha256).toBe(iso.sha256);
    expect(await bootsToMarker('cdrom', ['-cdrom', iso.path, '-boot', 'd'])).toBe(true);
    expect(
      await bootsToMarker('disk', ['-drive', `file=${iso.path},format=raw,if=ide,snapshot=on`, '-boot', 'c']),
    ).toBe(true);
  }, 400_000);
});
