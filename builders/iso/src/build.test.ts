/**
 * The ISO recipe with the node image inside, booted on SeaBIOS (TCG) twice: as a CD and, since
 * it is hybrid, as a disk (as a USB stick written with dd would be). Each time ISOLINUX loads the
 * kernel and the node image's init prints its marker on the serial line. Built twice in
 * separate caches, it is the same bytes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOTED_MARKER, buildNodeImage } from '@paddock/node-image';
import { bootsToMarker } from '@paddock/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIso } from './build.ts';
import { ParamError } from './recipe.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
const INPUTS = join(REPO_ROOT, '.cache', 'builders', 'inputs');
const dir = mkdtempSync(join(tmpdir(), 'iso-media-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const boots = (name: string, args: string[]) => bootsToMarker({ dir, name, args, marker: BOOTED_MARKER });

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
    expect(await boots('cdrom', ['-cdrom', iso.path, '-boot', 'd'])).toBe(true);
    expect(await boots('disk', ['-drive', `file=${iso.path},format=raw,if=ide,snapshot=on`, '-boot', 'c'])).toBe(true);
  }, 400_000);
});
