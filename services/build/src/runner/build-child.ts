/**
 * The build itself, in its own process inside the sandbox (runner/sandbox.ts): runs one
 * recipe and reports on stdout (child-protocol.ts). Its stderr is the job's log.
 */
import { RECIPES } from '../recipes/registry.ts';
import type { ChildMessage, ChildSpec } from './child-protocol.ts';

const say = (m: ChildMessage) => process.stdout.write(`${JSON.stringify(m)}\n`);

function main(): void {
  const spec = JSON.parse(process.argv[2] ?? '{}') as ChildSpec;
  const recipe = RECIPES.get(spec.recipe);
  if (!recipe) throw new Error(`unknown recipe ${JSON.stringify(spec.recipe)}`);
  recipe.check(spec.params);
  const result = recipe.build({
    ...spec,
    log: (line) => process.stderr.write(`${line}\n`),
    progress: (step, percent, bytes) => say({ progress: { step, percent, ...(bytes !== undefined && { bytes }) } }),
  });
  say({ progress: { step: 'done', percent: 100, bytes: result.files.reduce((n, f) => n + f.size, 0) } });
  say({ result: { key: result.key, hit: result.hit, files: result.files } });
}

try {
  main();
} catch (err) {
  const message = (err as Error).message ?? String(err);
  process.stderr.write(`error: ${message}\n`);
  say({ error: message });
  process.exitCode = 1;
}
