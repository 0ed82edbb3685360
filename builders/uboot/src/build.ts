/**
 * Builds boot.scr with Debian's mkimage (u-boot-tools, run from its unpacked package), or takes
 * it from the artifact cache. mkimage stamps the image with the time unless SOURCE_DATE_EPOCH
 * says otherwise: pinned to 0, the same parameters give the same bytes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactCache, buildKey, type CachedFile, fetchDebs, runPackaged } from '@paddock/builders';
import { bootCmd, PACKAGES, RECIPE, RECIPE_VERSION, ubootParams } from './recipe.ts';

export interface UbootBuild {
  key: string;
  hit: boolean;
  files: CachedFile[];
}

export function buildBootScr(o: { inputsDir: string; cacheDir: string; params: Record<string, unknown> }): UbootBuild {
  const params = ubootParams(o.params);
  const inputs = fetchDebs(o.inputsDir, PACKAGES, PACKAGES);
  const versions = inputs.map(({ name, version }) => ({ name, version }));
  const key = buildKey({ recipe: RECIPE, version: RECIPE_VERSION, params, inputs: versions });
  const cache = new ArtifactCache(o.cacheDir);
  const hit = cache.get(key);
  if (hit) return { key, hit: true, files: hit.files };

  const tmp = mkdtempSync(join(tmpdir(), 'uboot-'));
  try {
    const source = bootCmd(params);
    writeFileSync(join(tmp, 'boot.cmd'), source);
    // biome-ignore format: flag and value pairs read best side by side
    runPackaged(inputs, 'u-boot-tools', 'usr/bin/mkimage', [
      '-A', 'arm64', '-O', 'linux', '-T', 'script', '-C', 'none', '-n', 'Paddock boot script',
      '-d', join(tmp, 'boot.cmd'), join(tmp, 'boot.scr'),
    ], { SOURCE_DATE_EPOCH: '0' });
    const entry = cache.put(
      key,
      { 'boot.scr': readFileSync(join(tmp, 'boot.scr')), 'boot.cmd': Buffer.from(source) },
      { recipe: RECIPE, params, inputs: versions },
    );
    return { key, hit: false, files: entry.files };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
