/**
 * Builds the Raspberry Pi network boot files around a given arm64 kernel and initramfs (the
 * node image's), or takes them from the artifact cache: the key is the recipe, its parameters,
 * the input packages' versions and the kernel's and initramfs's hashes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactCache, buildKey, type CachedFile, fetchDebs } from '@paddock/builders';
import {
  cmdlineTxt,
  configTxt,
  DTBS,
  FIRMWARE,
  FIRMWARE_PACKAGE,
  KERNEL_META,
  RECIPE,
  RECIPE_VERSION,
  rpiParams,
} from './recipe.ts';

export interface RpiBuild {
  key: string;
  hit: boolean;
  files: CachedFile[];
}

export interface RpiOptions {
  inputsDir: string;
  cacheDir: string;
  params: Record<string, unknown>;
  /** The arm64 kernel Image and initramfs to boot (the arm64 node image's). */
  kernel: string;
  initrd: string;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function buildRpi(o: RpiOptions): RpiBuild {
  const params = rpiParams(o.params);
  const inputs = fetchDebs(o.inputsDir, [FIRMWARE_PACKAGE], [], [KERNEL_META], 'arm64');
  const versions = inputs.map(({ name, version }) => ({ name, version }));
  const vmlinuz = readFileSync(o.kernel);
  const initrd = readFileSync(o.initrd);
  const key = buildKey({
    recipe: RECIPE,
    version: RECIPE_VERSION,
    params,
    inputs: versions,
    boots: [sha256(vmlinuz), sha256(initrd)],
  });
  const cache = new ArtifactCache(o.cacheDir);
  const hit = cache.get(key);
  if (hit) return { key, hit: true, files: hit.files };

  const firmware = inputs.find((i) => i.name === FIRMWARE_PACKAGE)!;
  const kernel = inputs.find((i) => /^linux-image-\d/.test(i.name));
  if (!kernel) throw new Error(`${KERNEL_META} resolved to no versioned kernel package`);
  const dtbDir = join(kernel.root, 'usr/lib', kernel.name, 'broadcom');
  const files: Record<string, Uint8Array> = {
    'config.txt': Buffer.from(configTxt()),
    'cmdline.txt': Buffer.from(cmdlineTxt(params)),
    vmlinuz,
    'initrd.img': initrd,
  };
  for (const f of FIRMWARE) files[f] = readFileSync(join(firmware.root, 'usr/lib/raspi-firmware', f));
  for (const d of DTBS) files[d] = readFileSync(join(dtbDir, d));
  const entry = cache.put(key, files, { recipe: RECIPE, params, inputs: versions });
  return { key, hit: false, files: entry.files };
}
