import type { Node as ScannedNode, WatchNodesResponse } from '@paddock/proto/scanner/v1/scanner.ts';
import { WakeState, type WatchWakesResponse } from '@paddock/proto/scanner/v1/wake.ts';
import type { Observation } from '../model/observation.ts';

/** The scanner's WatchNodes: each node as it stands (SNAPSHOT), then each change. */
export function scanObservation(r: WatchNodesResponse): Observation | undefined {
  const e = r.event;
  // The scanner decides what a confirmed sighting is (Node.confirmed); a spoofable one is skipped.
  if (!e?.node?.mac || !e.node.confirmed) return undefined;
  return {
    kind: 'scan',
    mac: e.node.mac.toLowerCase(),
    at: Number(e.atUnixMs) || Number(e.node.lastSeenUnixMs) || Date.now(),
    ips: e.node.ips,
    online: e.node.online,
    vendor: vendorName(e.node),
  };
}

/** The scanner's WatchWakes: a machine a wake found awake. */
export function wakeObservation(r: WatchWakesResponse): Observation | undefined {
  const w = r.event?.wake;
  if (!w?.mac || w.state !== WakeState.WAKE_STATE_AWAKE) return undefined;
  return { kind: 'awake', mac: w.mac.toLowerCase(), at: Number(w.finishedAtUnixMs) || Date.now(), ip: w.ip };
}

/** The registrant's name, or the local convention ("QEMU/KVM virtual NIC") when it has none. */
export function vendorName(n: ScannedNode): string {
  return n.vendor?.organization || n.vendor?.note || '';
}
