/**
 * Builds BOOTX64.EFI with grub-mkimage from the fetched packages, through their own dynamic
 * loader and libraries, or takes it from the artifact cache (recipe + config + input versions).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactCache, buildKey, type CachedFile, fetchDebs, runPackaged } from '@paddock/builders';
import { grubParams, MODULES, PACKAGES, RECIPE, RECIPE_VERSION } from './recipe.ts';

export interface GrubBuild {
  key: string;
  hit: boolean;
  files: CachedFile[];
}

export function buildGrubEfi(o: { inputsDir: string; cacheDir: string; params: Record<string, unknown> }): GrubBuild {
  const params = grubParams(o.params);
  const inputs = fetchDebs(o.inputsDir, PACKAGES, ['grub-common']);
  const versions = inputs.map(({ name, version }) => ({ name, version }));
  const key = buildKey({ recipe: RECIPE, version: RECIPE_VERSION, params, inputs: versions });
  const cache = new ArtifactCache(o.cacheDir);
  const hit = cache.get(key);
  if (hit) return { key, hit: true, files: hit.files };

  const root = (name: string) => inputs.find((i) => i.name === name)!.root;
  const tmp = mkdtempSync(join(tmpdir(), 'grub-efi-'));
  try {
    writeFileSync(join(tmp, 'grub.cfg'), params.config);
    // biome-ignore format: flag and value pairs read best side by side
    runPackaged(inputs, 'grub-common', 'usr/bin/grub-mkimage', [
      '-d', join(root('grub-efi-amd64-bin'), 'usr/lib/grub/x86_64-efi'), '-O', 'x86_64-efi',
      '-p', '/boot/grub', '-c', join(tmp, 'grub.cfg'), '-o', join(tmp, 'BOOTX64.EFI'), ...MODULES,
    ]);
    const entry = cache.put(
      key,
      { 'BOOTX64.EFI': readFileSync(join(tmp, 'BOOTX64.EFI')), 'grub.cfg': Buffer.from(params.config) },
      { recipe: RECIPE, params, inputs: versions, modules: MODULES },
    );
    return { key, hit: false, files: entry.files };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
