import { NodeEventKind, type Node as ScannedNode, type WatchNodesResponse } from '@paddock/proto/scanner/v1/scanner.ts';
import { WakeEventKind, WakeState, type WatchWakesResponse } from '@paddock/proto/scanner/v1/wake.ts';
import type { FeedStep } from './feed.ts';

/**
 * The scanner's WatchNodes and WatchWakes share a shape: RESET, SNAPSHOT each, SYNCED, then
 * changes. Snapshot items are states (no cursor until SYNCED); changes carry their revision.
 */
export function scannerNodesReader(): (e: WatchNodesResponse) => FeedStep {
  return (r) => {
    const e = r.event;
    if (!e) return {};
    const snapshot = e.kind === NodeEventKind.NODE_EVENT_KIND_SNAPSHOT;
    if (e.kind === NodeEventKind.NODE_EVENT_KIND_RESET) return {};
    const cursor = snapshot ? {} : { cursor: e.revision };
    if (!e.node?.mac || unconfirmed(e.node)) return cursor;
    return {
      ...cursor,
      observation: {
        kind: 'scan',
        mac: e.node.mac.toLowerCase(),
        at: Number(e.atUnixMs) || Number(e.node.lastSeenUnixMs) || Date.now(),
        ips: e.node.ips,
        online: e.node.online,
        vendor: vendorName(e.node),
      },
    };
  };
}

export function scannerWakesReader(): (e: WatchWakesResponse) => FeedStep {
  return (r) => {
    const e = r.event;
    if (!e || e.kind === WakeEventKind.WAKE_EVENT_KIND_RESET) return {};
    const cursor = e.kind === WakeEventKind.WAKE_EVENT_KIND_SNAPSHOT ? {} : { cursor: e.revision };
    const w = e.wake;
    if (!w?.mac || w.state !== WakeState.WAKE_STATE_AWAKE) return cursor;
    return {
      ...cursor,
      observation: { kind: 'awake', mac: w.mac.toLowerCase(), at: Number(w.finishedAtUnixMs) || Date.now(), ip: w.ip },
    };
  };
}

/**
 * ARP replies are unauthenticated: a node only one scan has seen, or one answering for an
 * address another MAC also claims, may be made up by a spoofer and must not become an
 * inventory node. It is taken once a second scan confirms it and the conflict is gone.
 */
function unconfirmed(n: ScannedNode): boolean {
  return n.conflict || n.firstSeenUnixMs === n.lastSeenUnixMs;
}

/** The registrant's name, or the local convention ("QEMU/KVM virtual NIC") when it has none. */
export function vendorName(n: ScannedNode): string {
  return n.vendor?.organization || n.vendor?.note || '';
}
