import { InventoryServiceDefinition } from '@paddock/proto/inventory/v1/inventory.ts';
import type { Client } from '@paddock/runtime';
import { withClientOf } from '../client-options.ts';

export type InventoryClient = Client<typeof InventoryServiceDefinition>;

/** Connects a client verb to the server offering the inventory (found in the data dir by default). */
export const withInventory = withClientOf(InventoryServiceDefinition);
