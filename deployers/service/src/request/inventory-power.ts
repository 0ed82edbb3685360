import type { Power } from '@paddock/deployers';
import { type InventoryServiceDefinition, PowerState } from '@paddock/proto/inventory/v1/inventory.ts';
import type { Client } from '@paddock/runtime';

/** The inventory's observed power of the node of that name; unknown when it has none or cannot say. */
export async function inventoryPower(
  inventory: Client<typeof InventoryServiceDefinition>,
  name: string,
): Promise<Power> {
  const r = await inventory.getNode({ node: name }, { deadlineMs: 3_000 }).catch(() => undefined);
  const observed = r?.node?.power?.observed;
  return observed === PowerState.POWER_STATE_ON ? 'on' : observed === PowerState.POWER_STATE_OFF ? 'off' : 'unknown';
}
