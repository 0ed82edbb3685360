import { resolveSelector } from '@paddock/deploy-service/request';
import type { Target } from '@paddock/deployers';
import { InventoryServiceDefinition } from '@paddock/proto/inventory/v1/inventory.ts';
import { type ClientFlags, withClientOf } from '../client-options.ts';

const withInventory = withClientOf(InventoryServiceDefinition);

/** `--selector`: the ready nodes of the inventory the client flags point at (its matcher decides). */
export function selectorTargets(f: ClientFlags, selector: string): Promise<Target[]> {
  return withInventory(f, (inventory) => resolveSelector(inventory, selector));
}
