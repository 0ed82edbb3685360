import { type BuildConfig, buildConfigSchema, createBuild } from '@paddock/build';
import { loadConfig, type ServiceHandle } from '@paddock/runtime';
import { serve, serveSchema } from '../serve.ts';
import { BUILD_PORTS } from './serve.ts';

/** The build service from its parsed configuration; `publish` stores artifacts as boot files. */
export function buildService(
  config: BuildConfig,
  publish?: (name: string, path: string, sha256: string) => Promise<string>,
): ServiceHandle {
  return createBuild({ config, ...(publish && { publish }) });
}

/** `paddock build serve`'s run (it publishes nothing: no boot service here), loaded only then. */
export async function serveBuild(flags: Record<string, unknown>): Promise<void> {
  const config = loadConfig(serveSchema(buildConfigSchema.shape), { flags });
  await serve('build', config, BUILD_PORTS, [buildService(config)]);
}
