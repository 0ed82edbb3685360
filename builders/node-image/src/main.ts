/**
 * Builds the node image from the command line and prints the result as JSON, for scripts,
 * the benchmark and the test that runs a build as an unprivileged user:
 *   node builders/node-image/src/main.ts [--inputs DIR] [--cache DIR] [--no-cache] [--params JSON]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildNodeImage } from './build.ts';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
export const INPUTS_DIR = join(REPO_ROOT, '.cache', 'builders', 'inputs');
export const CACHE_DIR = join(REPO_ROOT, '.cache', 'builders', 'artifacts');

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      inputs: { type: 'string', default: INPUTS_DIR },
      cache: { type: 'string', default: CACHE_DIR },
      'no-cache': { type: 'boolean', default: false },
      params: { type: 'string', default: '{}' },
    },
  });
  try {
    const result = buildNodeImage({
      inputsDir: values.inputs,
      cacheDir: values.cache,
      params: JSON.parse(values.params) as Record<string, unknown>,
      noCache: values['no-cache'],
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (err) {
    process.stderr.write(`node-image: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
