import { type BuildConfig, buildConfigSchema, createBuild } from '@paddock/build';
import type { ServiceHandle } from '@paddock/runtime';
import { serverRun } from '../serve.ts';

/** The build service from its parsed configuration; `publish` stores artifacts as boot files. */
export function buildService(
  config: BuildConfig,
  publish?: (name: string, path: string, sha256: string) => Promise<string>,
): ServiceHandle {
  return createBuild({ config, ...(publish && { publish }) });
}

/** `paddock build serve`'s run (it publishes nothing: no boot service here), loaded only then. */
export const run = serverRun(buildConfigSchema.shape, (config) => [buildService(config)]);
