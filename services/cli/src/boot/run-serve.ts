/** `paddock boot serve`'s run: the server, loaded only when that verb runs. */
import { bootConfigSchema } from '@paddock/boot';
import { loadConfig } from '@paddock/runtime';
import { serve, serveSchema } from '../serve.ts';
import { BOOT_PORTS, bootService } from './serve.ts';

export async function serveBoot(flags: Record<string, unknown>): Promise<void> {
  // commander's --no-follow-inventory gives true unless given; undefined lets env and YAML decide.
  const followInventory = flags['followInventory'] === false ? false : undefined;
  const config = loadConfig(serveSchema(bootConfigSchema.shape), { flags: { ...flags, followInventory } });
  await serve('boot', config, BOOT_PORTS, [bootService(config)]);
}
