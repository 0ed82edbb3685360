/**
 * The ISO recipe with the node image inside, booted (TCG) as a CD and, since it is hybrid, as a
 * disk (as a USB stick written with dd would be): on SeaBIOS through ISOLINUX, and on OVMF through
 * the El Torito EFI image's GRUB. Each time the node image's init prints its marker on the serial
 * line. Built twice in separate caches, it is the same bytes.
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
const OVMF = '/usr/share/ovmf/OVMF.fd';
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

  it('is reproducible and boots the node image from CD and from disk, on SeaBIOS and on OVMF', async () => {
    const params = { cmdline: 'console=ttyS0 quiet panic=-1' };
    const iso = build(join(dir, 'a'), params).files[0]!;
    expect(build(join(dir, 'b'), params).files[0]!.sha256).toBe(iso.sha256);
    const disk = ['-drive', `file=${iso.path},format=raw,if=ide,snapshot=on`];
    // Two at a time: the machine has two cores.
    const bios = await Promise.all([
      boots('cdrom', ['-cdrom', iso.path, '-boot', 'd']),
      boots('disk', [...disk, '-boot', 'c']),
    ]);
    const uefi = await Promise.all([
      boots('ovmf-cdrom', ['-bios', OVMF, '-cdrom', iso.path]),
      boots('ovmf-disk', ['-bios', OVMF, ...disk]),
    ]);
    expect({ bios, uefi }).toEqual({ bios: [true, true], uefi: [true, true] });
  }, 400_000);
});
