/**
 * Builds the iPXE script media (ipxe.lkrn, ipxe.efi, script.ipxe, syslinux.cfg) or takes them
 * from the artifact cache, keyed like every recipe by recipe, parameters and input versions.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactCache, buildKey, type CachedFile, fetchDebs } from '@paddock/builders';
import { ipxeParams, PACKAGES, RECIPE, RECIPE_VERSION, SYSLINUX_ENTRY } from './recipe.ts';

export interface IpxeBuild {
  key: string;
  hit: boolean;
  files: CachedFile[];
}

export function buildIpxeMedia(o: { inputsDir: string; cacheDir: string; params: Record<string, unknown> }): IpxeBuild {
  const params = ipxeParams(o.params);
  const inputs = fetchDebs(o.inputsDir, PACKAGES);
  const versions = inputs.map(({ name, version }) => ({ name, version }));
  const key = buildKey({ recipe: RECIPE, version: RECIPE_VERSION, params, inputs: versions });
  const cache = new ArtifactCache(o.cacheDir);
  const hit = cache.get(key);
  if (hit) return { key, hit: true, files: hit.files };
  const root = inputs.find((i) => i.name === 'ipxe')!.root;
  const entry = cache.put(
    key,
    {
      'ipxe.lkrn': readFileSync(join(root, 'boot', 'ipxe.lkrn')),
      'ipxe.efi': readFileSync(join(root, 'boot', 'ipxe.efi')),
      'script.ipxe': Buffer.from(params.script),
      'syslinux.cfg': Buffer.from(SYSLINUX_ENTRY),
    },
    { recipe: RECIPE, params, inputs: versions },
  );
  return { key, hit: false, files: entry.files };
}
