/** `paddock boot serve`'s run: the server, loaded only when that verb runs. */
import { bootConfigSchema } from '@paddock/boot';
import { serverRun } from '../serve.ts';
import { bootService } from './serve.ts';

export const run = serverRun(
  bootConfigSchema.shape,
  (config) => [bootService(config)],
  // commander's --no-follow-inventory gives true unless given; undefined lets env and YAML decide.
  (flags) => ({ ...flags, followInventory: flags['followInventory'] === false ? false : undefined }),
);
