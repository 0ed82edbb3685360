/**
 * Builds BOOTX64.EFI with grub-mkimage from the fetched packages, through their own dynamic
 * loader and libraries, or takes it from the artifact cache (recipe + config + input versions).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactCache, buildKey, type CachedFile, fetchDebs, runPackaged } from '@paddock/builders';
import { ARCHES, grubParams, MODULES, RECIPE, RECIPE_VERSION } from './recipe.ts';

export interface GrubBuild {
  key: string;
  hit: boolean;
  files: CachedFile[];
}

export function buildGrubEfi(o: { inputsDir: string; cacheDir: string; params: Record<string, unknown> }): GrubBuild {
  const params = grubParams(o.params);
  const arch = ARCHES[params.arch];
  // grub-mkimage runs on this host; only the modules it packs are the target's.
  const tool = fetchDebs(o.inputsDir, ['grub-common'], ['grub-common']);
  const modules = arch.debArch
    ? fetchDebs(o.inputsDir, [arch.pkg], [], [], arch.debArch)
    : fetchDebs(o.inputsDir, [arch.pkg]);
  const inputs = [...tool, ...modules];
  const versions = inputs.map(({ name, version }) => ({ name, version })).sort((a, b) => (a.name < b.name ? -1 : 1));
  // The x86_64 key as it was before arch existed, so its cached builds still count.
  const keyParams = params.arch === 'x86_64' ? { config: params.config } : params;
  const key = buildKey({ recipe: RECIPE, version: RECIPE_VERSION, params: keyParams, inputs: versions });
  const cache = new ArtifactCache(o.cacheDir);
  const hit = cache.get(key);
  if (hit) return { key, hit: true, files: hit.files };

  const root = (name: string) => inputs.find((i) => i.name === name)!.root;
  const tmp = mkdtempSync(join(tmpdir(), 'grub-efi-'));
  try {
    writeFileSync(join(tmp, 'grub.cfg'), params.config);
    // biome-ignore format: flag and value pairs read best side by side
    runPackaged(inputs, 'grub-common', 'usr/bin/grub-mkimage', [
      '-d', join(root(arch.pkg), 'usr/lib/grub', arch.format), '-O', arch.format,
      '-p', '/boot/grub', '-c', join(tmp, 'grub.cfg'), '-o', join(tmp, arch.file), ...MODULES,
    ]);
    const entry = cache.put(
      key,
      { [arch.file]: readFileSync(join(tmp, arch.file)), 'grub.cfg': Buffer.from(params.config) },
      { recipe: RECIPE, params, inputs: versions, modules: MODULES },
    );
    return { key, hit: false, files: entry.files };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
