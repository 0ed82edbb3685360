/**
 * What each recipe's code was when its RECIPE_VERSION was last recorded. The artifact cache
 * keys a build by recipe, version, parameters and input package versions, not by the recipe's
 * code: a recipe whose code changes without a version bump would keep serving artifacts the old
 * code built (also after a package upgrade, since the cache outlives it). The test beside this
 * file fails on such a change; `node builders/core/src/recipe-sources.ts --write` records the
 * new state once the version is bumped.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUILDERS = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RECORD = join(BUILDERS, 'core', 'recipe-sources.json');

export interface RecipeSource {
  version: number;
  /** SHA-256 over the recipe's source files (names and contents, tests left out). */
  sha256: string;
}

/** Every recipe folder (one with src/recipe.ts): its RECIPE_VERSION and the hash of its code now. */
export function recipeSources(root = BUILDERS): Record<string, RecipeSource> {
  const out: Record<string, RecipeSource> = {};
  for (const name of readdirSync(root).sort()) {
    const src = join(root, name, 'src');
    if (!existsSync(join(src, 'recipe.ts'))) continue;
    const m = /export const RECIPE_VERSION = (\d+);/.exec(readFileSync(join(src, 'recipe.ts'), 'utf8'));
    if (!m) throw new Error(`${name}/src/recipe.ts exports no RECIPE_VERSION`);
    const hash = createHash('sha256');
    for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' }).sort()) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      hash
        .update(`${file}\0`)
        .update(readFileSync(join(src, file)))
        .update('\0');
    }
    out[name] = { version: Number(m[1]), sha256: hash.digest('hex') };
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  writeFileSync(RECORD, `${JSON.stringify(recipeSources(), null, 2)}\n`);
  console.log(`recorded ${RECORD}`);
}
