import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { RECORD, type RecipeSource, recipeSources } from './recipe-sources.ts';

it("every recipe whose code changed has a new RECIPE_VERSION (the cache would serve the old code's artifacts)", () => {
  const recorded = JSON.parse(readFileSync(RECORD, 'utf8')) as Record<string, RecipeSource>;
  const now = recipeSources();
  const problems = Object.entries(now).flatMap(([name, s]) => {
    const r = recorded[name];
    if (!r) return [`${name}: not recorded`];
    if (s.version === r.version && s.sha256 !== r.sha256)
      return [`${name}: its code changed but RECIPE_VERSION is still ${s.version}: bump it`];
    if (s.version !== r.version || s.sha256 !== r.sha256) return [`${name}: version ${s.version} not recorded`];
    return [];
  });
  expect(problems, `${problems.join('\n')}\nthen record it: node builders/core/src/recipe-sources.ts --write`).toEqual(
    [],
  );
  expect(Object.keys(recorded).sort()).toEqual(Object.keys(now).sort());
});
