import type { Target } from '@paddock/deployers';
import {
  AddressSource,
  type InventoryServiceDefinition,
  LifecycleState,
  type Node,
} from '@paddock/proto/inventory/v1/inventory.ts';
import { type Client, failedPrecondition } from '@paddock/runtime';

/**
 * The SSH address of an inventory node: the address its host certificate names. A node Paddock
 * booted enrols (and gets that certificate) from the address it phoned home from when it became
 * ready, so: the newest boot-event address, else the newest one given by hand (static: a
 * server given a host certificate by `paddock keys`), else the newest of any source. Not the
 * overlay address: no host certificate names it, and the machine that deploys is usually not
 * on the overlay (deploying the overlay is what puts hosts on it). Pure.
 */
export function nodeTarget(node: Pick<Node, 'name' | 'addresses'>): Target | { error: string } {
  const newest = (source?: AddressSource) =>
    [...node.addresses]
      .filter((a) => source === undefined || a.source === source)
      .sort((a, b) => Number(b.updatedAtUnixMs - a.updatedAtUnixMs))[0]?.ip;
  const address = newest(AddressSource.ADDRESS_SOURCE_BOOT) ?? newest(AddressSource.ADDRESS_SOURCE_STATIC) ?? newest();
  if (!address) return { error: `node ${node.name} has no address to reach it at` };
  return { name: node.name, address };
}

/** Targets from the nodes a selector matches that are ready, in name order; none is an error. */
export function selectorTargets(selector: string, nodes: readonly Pick<Node, 'name' | 'addresses'>[]): Target[] {
  const targets: Target[] = [];
  for (const n of [...nodes].sort((a, b) => a.name.localeCompare(b.name))) {
    const t = nodeTarget(n);
    if ('error' in t) throw failedPrecondition(`selector ${selector}: ${t.error}`);
    targets.push(t);
  }
  if (targets.length === 0) throw failedPrecondition(`selector ${selector}: no ready node matches`);
  return targets;
}

/** Asks the inventory (whose selector parser and matcher decide) for the ready nodes a selector matches. */
export async function resolveSelector(
  inventory: Client<typeof InventoryServiceDefinition>,
  selector: string,
): Promise<Target[]> {
  const { nodes } = await inventory.listNodes(
    { labelSelector: selector, states: [LifecycleState.LIFECYCLE_STATE_READY] },
    { deadlineMs: 10_000 },
  );
  return selectorTargets(selector, nodes);
}
