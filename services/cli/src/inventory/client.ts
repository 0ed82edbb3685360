import { InventoryServiceDefinition } from '@paddock/proto/inventory/v1/inventory.ts';
import { connect, createClient } from '@paddock/runtime';
import { type ClientFlags, connectOptions } from '../client-options.ts';

export type InventoryClient = ReturnType<typeof createClient<typeof InventoryServiceDefinition>>;

/** Connects a client verb to the server offering the inventory (found in the data dir by default). */
export async function withInventory<T>(flags: ClientFlags, fn: (client: InventoryClient) => Promise<T>): Promise<T> {
  const c = connect(connectOptions(flags, InventoryServiceDefinition.fullName));
  const client = createClient(InventoryServiceDefinition, c.address, c.credentials, c.options);
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}
