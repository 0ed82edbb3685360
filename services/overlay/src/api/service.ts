import { OverlayServiceDefinition } from '@paddock/proto/overlay/v1/overlay.ts';
import { fromRevisionOf, invalidArgument, service, watch } from '@paddock/runtime';
import { callerOf } from '../control/caller.ts';
import type { OverlayControl } from '../control/control.ts';
import { itemNetwork } from '../control/item-key.ts';
import { NodeView } from '../control/node-view.ts';
import type { TopologyStore } from '../control/topology-store.ts';

/** paddock.overlay.v1.OverlayService over the control plane; nodes may join, leave, report and watch. */
export function overlayService(control: OverlayControl, store: TopologyStore) {
  return service(
    OverlayServiceDefinition,
    {
      createNetwork: (r) => {
        if (!r.network) throw invalidArgument('network is required');
        return { network: control.createNetwork(r.network) };
      },
      deleteNetwork: (r) => {
        control.deleteNetwork(r.name);
        return {};
      },
      listNetworks: () => ({ networks: store.networks().sort((a, b) => a.name.localeCompare(b.name)) }),
      join: (r, ctx) => control.join(callerOf(ctx.principal), r),
      leave: (r, ctx) => {
        control.leave(callerOf(ctx.principal), r.network, r.node);
        return {};
      },
      listMembers: (r) => ({ members: sorted(store.members(r.network || undefined)) }),
      reportLinks: (r, ctx) => ({ changed: control.reportLinks(callerOf(ctx.principal), r.network, r.node, r.links) }),
      listLinks: (r) => ({ links: store.links(r.network || undefined) }),
      getGraph: (r) => ({
        members: sorted(store.members(r.network || undefined)),
        links: store.links(r.network || undefined),
        paths: store.paths(r.network || undefined),
        revision: store.head(),
      }),
      async *watchTopology(r, ctx) {
        const view = r.node ? new NodeView(r.node) : undefined;
        for await (const e of watch(store.source(), { fromRevision: fromRevisionOf(r), signal: ctx.signal })) {
          const item = e.snapshot ?? e.change;
          // Another network's item: its revision is skipped, and a resume from before it replays nothing it needs.
          if (item && r.network && itemNetwork(item) !== r.network) continue;
          if (view && !view.wants(e.watch.kind, item)) continue;
          yield { watch: e.watch, item };
        }
      },
      getStats: () => ({ refused: Object.fromEntries([...control.refused].map(([k, v]) => [k, BigInt(v)])) }),
    },
    { join: 'node', leave: 'node', reportLinks: 'node', watchTopology: 'node' },
  );
}

const sorted = <T extends { network: string; name: string }>(xs: T[]) =>
  xs.sort((a, b) => a.network.localeCompare(b.network) || a.name.localeCompare(b.name));
