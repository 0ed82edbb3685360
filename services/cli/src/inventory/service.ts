/** `paddock inventory serve`'s run: the server, loaded only when that verb runs. */
import { createInventory, inventoryConfigSchema } from '@paddock/inventory';
import { serverRun } from '../serve.ts';
import { feedsFlag } from './serve.ts';

export const run = serverRun(
  inventoryConfigSchema.shape,
  (config) => [createInventory(config)],
  (flags) => ({ ...flags, feeds: feedsFlag(flags) }),
);
