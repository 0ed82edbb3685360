import {
  InventoryServiceDefinition,
  LifecycleState as PbLifecycle,
  PowerAction,
} from '@paddock/proto/inventory/v1/inventory.ts';
import { fromRevisionOf, invalidArgument, service, watch } from '@paddock/runtime';
import type { Inventory } from '../core/inventory.ts';
import { powerNode } from '../core/power-ops.ts';
import { nodeSource } from '../core/watch.ts';
import type { PowerAction as Action, LifecycleState } from '../model/node.ts';
import { applyPatch } from '../model/node-input.ts';
import { changeKindToProto, createFromProto, lifecycleFromProto, nodeToProto, patchFromProto } from './convert.ts';

const ACTIONS = new Map<PowerAction, Action>([
  [PowerAction.POWER_ACTION_ON, 'on'],
  [PowerAction.POWER_ACTION_OFF, 'off'],
  [PowerAction.POWER_ACTION_REBOOT, 'reboot'],
]);
const BY_HAND = new Map<PbLifecycle, 'maintenance' | 'discovered' | 'retired'>([
  [PbLifecycle.LIFECYCLE_STATE_MAINTENANCE, 'maintenance'],
  [PbLifecycle.LIFECYCLE_STATE_DISCOVERED, 'discovered'],
  [PbLifecycle.LIFECYCLE_STATE_RETIRED, 'retired'],
]);

/** paddock.inventory.v1.InventoryService over the core: requests in, the core's answer out. */
export function inventoryService(inv: Inventory) {
  return service(InventoryServiceDefinition, {
    listNodes(req) {
      const states = req.states.map((s) => lifecycleFromProto(s) ?? badState(s));
      const { nodes, revision } = inv.list({ selector: req.labelSelector, states });
      return { nodes: nodes.map(nodeToProto), revision };
    },
    getNode: (req) => ({ node: nodeToProto(inv.get(req.node)) }),
    async createNode(req) {
      return { node: nodeToProto(await inv.create(createFromProto(req))) };
    },
    updateNode(req) {
      const patch = patchFromProto(req);
      const node = inv.mutate(
        req.node,
        (n) => {
          const r = applyPatch(n, patch, inv.now());
          if ('error' in r) throw invalidArgument(r.error);
          return r.ok;
        },
        req.expectedRevision ? { expectedRevision: req.expectedRevision } : {},
      );
      return { node: nodeToProto(node) };
    },
    async deleteNode(req) {
      await inv.delete(req.node);
      return {};
    },
    async powerNode(req) {
      const action = req.action === PowerAction.POWER_ACTION_PXE ? 'pxe' : ACTIONS.get(req.action);
      if (!action) throw invalidArgument('action must be ON, OFF, REBOOT or PXE');
      return { node: nodeToProto(await powerNode(inv, req.node, action)) };
    },
    setLifecycle(req) {
      const to = BY_HAND.get(req.state);
      if (!to) throw invalidArgument('a node can be set by hand only to MAINTENANCE, DISCOVERED or RETIRED');
      return { node: nodeToProto(inv.setLifecycle(req.node, to, req.reason)) };
    },
    async *watchNodes(req, ctx) {
      for await (const e of watch(nodeSource(inv), { fromRevision: fromRevisionOf(req), signal: ctx.signal })) {
        const node = e.snapshot ?? e.change?.node;
        yield { watch: e.watch, kind: changeKindToProto(e.change?.kind), node: node && nodeToProto(node) };
      }
    },
    async listProviders() {
      const providers = await Promise.all(
        inv.providers.all().map(async (p) => {
          const a = await p.available().catch((err: Error) => ({ ok: false, detail: err.message }));
          return { name: p.name, available: a.ok, detail: a.detail };
        }),
      );
      return { providers };
    },
  });
}

function badState(s: number): LifecycleState {
  throw invalidArgument(`unknown lifecycle state ${s}`);
}
