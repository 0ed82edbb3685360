/**
 * Builds the hybrid ISO from a kernel and an initramfs, or takes it from the artifact cache:
 * the key covers the recipe, its parameters, the tools' package versions and the SHA-256 of
 * the kernel and initramfs it carries.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactCache, buildKey, type CachedFile, fetchDebs, makeFatImage, runPackaged } from '@paddock/builders';
import { buildGrubEfi } from '@paddock/grub-efi';
import {
  EFI_VOLUME_ID,
  grubConfig,
  isolinuxConfig,
  isoParams,
  PACKAGES,
  RECIPE,
  RECIPE_VERSION,
  SOURCE_DATE_EPOCH,
} from './recipe.ts';

export interface IsoBuild {
  key: string;
  hit: boolean;
  files: CachedFile[];
}

export interface IsoOptions {
  inputsDir: string;
  cacheDir: string;
  kernel: string;
  initrd: string;
  params: Record<string, unknown>;
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

export function buildIso(o: IsoOptions): IsoBuild {
  const params = isoParams(o.params);
  const inputs = fetchDebs(o.inputsDir, PACKAGES, ['xorriso', 'mtools', 'dosfstools']);
  const grub = buildGrubEfi({
    inputsDir: o.inputsDir,
    cacheDir: o.cacheDir,
    params: { config: grubConfig(params.cmdline) },
  });
  const versions = inputs.map(({ name, version }) => ({ name, version }));
  const carried = { kernel: sha256(o.kernel), initrd: sha256(o.initrd), grub: grub.key };
  const key = buildKey({ recipe: RECIPE, version: RECIPE_VERSION, params, inputs: versions, carried });
  const cache = new ArtifactCache(o.cacheDir);
  const hit = cache.get(key);
  if (hit) return { key, hit: true, files: hit.files };

  const root = (name: string) => inputs.find((i) => i.name === name)!.root;
  const tmp = mkdtempSync(join(tmpdir(), 'iso-'));
  try {
    const tree = join(tmp, 'tree');
    mkdirSync(join(tree, 'isolinux'), { recursive: true });
    mkdirSync(join(tree, 'boot'));
    copyFileSync(join(root('isolinux'), 'usr/lib/ISOLINUX/isolinux.bin'), join(tree, 'isolinux', 'isolinux.bin'));
    copyFileSync(
      join(root('syslinux-common'), 'usr/lib/syslinux/modules/bios/ldlinux.c32'),
      join(tree, 'isolinux', 'ldlinux.c32'),
    );
    writeFileSync(join(tree, 'isolinux', 'isolinux.cfg'), isolinuxConfig(params.cmdline));
    copyFileSync(o.kernel, join(tree, 'boot', 'vmlinuz'));
    copyFileSync(o.initrd, join(tree, 'boot', 'initrd.img'));
    writeFileSync(join(tree, 'boot', 'paddock-iso'), `${key}\n`);
    // Directory records and FAT entries carry the files' own dates: pin them too.
    const when = Number(SOURCE_DATE_EPOCH);
    const efiBinary = join(tmp, 'BOOTX64.EFI');
    copyFileSync(grub.files.find((f) => f.name === 'BOOTX64.EFI')!.path, efiBinary);
    utimesSync(efiBinary, when, when);
    // The EFI image: the GRUB binary and FAT's tables, in whole 64 KiB.
    const efiBytes = Math.ceil((statSync(efiBinary).size + 256 * 1024) / 65_536) * 65_536;
    makeFatImage(
      inputs,
      {
        path: join(tree, 'boot', 'efi.img'),
        bytes: efiBytes,
        label: 'PADDOCK_EFI',
        volumeId: EFI_VOLUME_ID,
        dirs: ['::/EFI', '::/EFI/BOOT'],
        files: [[efiBinary, '::/EFI/BOOT/BOOTX64.EFI']],
      },
      { SOURCE_DATE_EPOCH },
    );
    for (const f of [
      'isolinux/isolinux.bin',
      'isolinux/ldlinux.c32',
      'isolinux/isolinux.cfg',
      'boot/vmlinuz',
      'boot/initrd.img',
      'boot/paddock-iso',
      'boot/efi.img',
      'isolinux',
      'boot',
      '.',
    ])
      utimesSync(join(tree, f), when, when);
    const out = join(tmp, 'image.iso');
    // biome-ignore format: flag and value pairs read best side by side
    runPackaged(inputs, 'xorriso', 'usr/bin/xorriso', [
      '-as', 'mkisofs', '-quiet', '-o', out, '-V', params.label, '-J', '-R',
      '-b', 'isolinux/isolinux.bin', '-c', 'isolinux/boot.cat', '-no-emul-boot', '-boot-load-size', '4',
      '-boot-info-table', '-isohybrid-mbr', join(root('isolinux'), 'usr/lib/ISOLINUX/isohdpfx.bin'),
      '-eltorito-alt-boot', '-e', 'boot/efi.img', '-no-emul-boot', '-isohybrid-gpt-basdat', tree,
    ], { SOURCE_DATE_EPOCH });
    const entry = cache.put(
      key,
      { 'image.iso': readFileSync(out) },
      { recipe: RECIPE, params, inputs: versions, carried },
    );
    return { key, hit: false, files: entry.files };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
