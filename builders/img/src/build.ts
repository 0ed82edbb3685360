/**
 * Builds the GPT disk image from a kernel and an initramfs, or takes it from the artifact cache:
 * the key covers the recipe, its parameters, the tools' package versions, the GRUB build it
 * carries and the SHA-256 of the kernel and initramfs.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ArtifactCache,
  buildKey,
  type CachedFile,
  fetchDebs,
  makeFatImage,
  mtoolsEnv,
  runPackaged,
} from '@paddock/builders';
import { buildGrubEfi } from '@paddock/grub-efi';
import {
  grubConfig,
  imgParams,
  PACKAGES,
  partitionScript,
  RECIPE,
  RECIPE_VERSION,
  SOURCE_DATE_EPOCH,
  syslinuxConfig,
  VOLUME_ID,
} from './recipe.ts';

export interface ImgBuild {
  key: string;
  hit: boolean;
  files: CachedFile[];
}

export interface ImgOptions {
  inputsDir: string;
  cacheDir: string;
  kernel: string;
  initrd: string;
  params: Record<string, unknown>;
}

const MIB = 1 << 20;
const SECTOR = 512;
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

export function buildImg(o: ImgOptions): ImgBuild {
  const params = imgParams(o.params);
  const inputs = fetchDebs(o.inputsDir, PACKAGES, ['mtools', 'fdisk', 'dosfstools', 'syslinux']);
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
  const tmp = mkdtempSync(join(tmpdir(), 'img-'));
  try {
    const when = Number(SOURCE_DATE_EPOCH);
    const staged = (name: string, from: string | Buffer) => {
      const path = join(tmp, name);
      if (typeof from === 'string') copyFileSync(from, path);
      else writeFileSync(path, from);
      utimesSync(path, when, when);
      return path;
    };
    const files: [string, string][] = [
      [staged('vmlinuz', o.kernel), '::/boot/vmlinuz'],
      [staged('initrd.img', o.initrd), '::/boot/initrd.img'],
      [staged('paddock-img', Buffer.from(`${key}\n`)), '::/boot/paddock-img'],
      [staged('BOOTX64.EFI', grub.files.find((f) => f.name === 'BOOTX64.EFI')!.path), '::/EFI/BOOT/BOOTX64.EFI'],
      [staged('syslinux.cfg', Buffer.from(syslinuxConfig(params.cmdline))), '::/syslinux.cfg'],
      [
        staged('ldlinux.c32', join(root('syslinux-common'), 'usr/lib/syslinux/modules/bios/ldlinux.c32')),
        '::/ldlinux.c32',
      ],
    ];
    const payload = files.reduce((n, [f]) => n + statSync(f).size, 0);
    // The partition: what it holds, a tenth more for FAT's tables and slack, in whole MiB.
    const partBytes = Math.ceil((payload * 1.1 + 4 * MIB) / MIB) * MIB;
    const part = join(tmp, 'esp.fat');
    const env = mtoolsEnv(inputs, { SOURCE_DATE_EPOCH });
    const dirs = ['::/boot', '::/EFI', '::/EFI/BOOT'];
    makeFatImage(inputs, { path: part, bytes: partBytes, label: params.label, volumeId: VOLUME_ID, dirs, files }, env);
    // SYSLINUX's mtools installer writes the boot sector and ldlinux.sys (it runs mcopy itself, from PATH).
    runPackaged(inputs, 'syslinux', 'usr/bin/syslinux', ['--install', part], env);

    const disk = join(tmp, 'disk.img');
    const fd = openSync(disk, 'w');
    ftruncateSync(fd, MIB + partBytes + MIB);
    writeSync(fd, readFileSync(part), 0, partBytes, MIB);
    closeSync(fd);
    runPackaged(
      inputs,
      'fdisk',
      'sbin/sfdisk',
      ['--no-reread', '--no-tell-kernel', '-q', disk],
      env,
      partitionScript(partBytes / SECTOR),
    );
    // The protective MBR's boot code: SYSLINUX's GPT MBR (440 bytes, before the disk signature).
    const mbr = readFileSync(join(root('syslinux-common'), 'usr/lib/syslinux/mbr/gptmbr.bin'));
    const dfd = openSync(disk, 'r+');
    writeSync(dfd, mbr, 0, Math.min(440, mbr.length), 0);
    closeSync(dfd);

    const entry = cache.put(
      key,
      { 'disk.img': readFileSync(disk) },
      { recipe: RECIPE, params, inputs: versions, carried },
    );
    return { key, hit: false, files: entry.files };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
