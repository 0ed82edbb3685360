/**
 * The IMG recipe with the node image inside, booted as a disk on SeaBIOS (through SYSLINUX's
 * GPT MBR and SYSLINUX) and on OVMF (through the standalone GRUB at the removable-media path):
 * each time the node image's init prints its marker on the serial line. Built twice in separate
 * caches, it is the same bytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOTED_MARKER, buildNodeImage } from '@paddock/node-image';
import { bootsToMarker } from '@paddock/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { buildImg } from './build.ts';
import { ParamError } from './recipe.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
const INPUTS = join(REPO_ROOT, '.cache', 'builders', 'inputs');
const dir = mkdtempSync(join(tmpdir(), 'img-media-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const boots = (name: string, args: string[]) => bootsToMarker({ dir, name, args, marker: BOOTED_MARKER });

describe('GPT disk image', () => {
  const image = buildNodeImage({ inputsDir: INPUTS, cacheDir: join(REPO_ROOT, '.cache', 'builders', 'artifacts') });
  const part = (n: string) => image.files.find((f) => f.name === n)!.path;
  const build = (cacheDir: string, params: Record<string, unknown>) =>
    buildImg({ inputsDir: INPUTS, cacheDir, kernel: part('vmlinuz'), initrd: part('initrd.img'), params });

  it('rejects a bad label, a multi-line command line and unknown parameters', () => {
    expect(() => build(dir, { label: 'too long for fat' })).toThrow(ParamError);
    expect(() => build(dir, { cmdline: 'a\nb' })).toThrow(/one line/);
    expect(() => build(dir, { size: 1 })).toThrow(/unknown parameter size/);
  });

  it('is reproducible, has one legacy-bootable EFI system partition, and boots on BIOS and UEFI', async () => {
    const params = { cmdline: 'console=ttyS0 quiet panic=-1' };
    const img = build(join(dir, 'a'), params).files[0]!;
    expect(build(join(dir, 'b'), params).files[0]!.sha256).toBe(img.sha256);
    const table = JSON.parse(execFileSync('sfdisk', ['--json', img.path]).toString()) as {
      partitiontable: { label: string; partitions: { type: string; attrs?: string }[] };
    };
    expect(table.partitiontable.label).toBe('gpt');
    expect(table.partitiontable.partitions).toMatchObject([
      { type: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B', attrs: 'LegacyBIOSBootable' },
    ]);
    const drive = ['-drive', `file=${img.path},format=raw,snapshot=on`];
    const [bios, uefi] = await Promise.all([
      boots('seabios', drive),
      boots('ovmf', ['-bios', '/usr/share/ovmf/OVMF.fd', ...drive]),
    ]);
    expect({ bios, uefi }).toEqual({ bios: true, uefi: true });
  }, 400_000);
});
