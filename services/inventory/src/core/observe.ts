import { defaultName, newNodeId } from '../model/names.ts';
import type { Node } from '../model/node.ts';
import { discoveredNode, discovers, type Observation, observeNode } from '../model/observation.ts';
import { toDoc } from '../store/node-json.ts';
import type { Batch, Change } from '../store/store.ts';
import type { Inventory } from './inventory.ts';

/**
 * Applies what a feed saw, together with the feed's new cursor, in one commit: after a crash
 * the feed resumes exactly after the last event whose effect was stored. An observation of an
 * unknown MAC adds a discovered metal node when it is a sign of life. An observation that
 * cannot be stored (a conflict) is logged and skipped, but the cursor still moves, so one bad
 * event never stalls a feed.
 */
export function applyObservation(inv: Inventory, seen: Observation | undefined, cursor: Batch['cursor']): Change[] {
  // Where the keys service runs, a node is ready once it enrolled: its phone-home moves nothing.
  const o =
    seen?.kind === 'boot' && seen.step === 'phone-home' && inv.identity ? { ...seen, step: 'other' as const } : seen;
  const write = o && planWrite(inv, o);
  try {
    const changes = inv.commit({ writes: write ? [write] : [], ...(cursor ? { cursor } : {}) });
    if (write?.kind === 'put' && write.create) inv.wantToken(changes[0]?.node ?? write.node);
    return changes;
  } catch (err) {
    inv.log.warn({ err: (err as Error).message, mac: o?.mac, kind: o?.kind }, 'observation dropped');
    return inv.commit({ writes: [], ...(cursor ? { cursor } : {}) });
  }
}

function planWrite(inv: Inventory, o: Observation): Batch['writes'][number] | undefined {
  const known = inv.store.find(o.mac);
  if (known) {
    const next = observeNode(known, o);
    // Only a change worth a revision is written: a repeat of what is known is not news.
    if (same(known, next)) return undefined;
    return { kind: 'put', node: { ...next, updatedAt: inv.now() } };
  }
  if (!discovers(o)) return undefined;
  const name = inv.store.find(defaultName(o.mac)) ? defaultName(undefined) : defaultName(o.mac);
  const node = observeNode(discoveredNode(o, newNodeId(), name), o);
  inv.log.info({ node: name, mac: o.mac, by: o.kind }, 'node discovered');
  return { kind: 'put', node, create: true };
}

/** Equal apart from when things were last seen: a machine seen again within a minute is not news. */
function same(a: Node, b: Node): boolean {
  if (b.lastSeenAt - a.lastSeenAt >= 60_000) return false;
  return toDoc(withoutTimes(a)) === toDoc(withoutTimes(b));
}

function withoutTimes(n: Node): Node {
  return {
    ...n,
    lastSeenAt: 0,
    power: { ...n.power, observedAt: 0 },
    addresses: n.addresses.map((a) => ({ ...a, updatedAt: 0 })),
  };
}
