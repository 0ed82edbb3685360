import type { LinkReport, Member } from '@paddock/proto/overlay/v1/overlay.ts';

const host = (endpoint: string) => endpoint.replace(/:\d+$/, '');

/**
 * The endpoint a member's packets are seen coming from, learned from a peer's report: behind a
 * masquerading NAT it is the NAT's address and port, not the one the member announced. A peer
 * whose path to it is not direct yet may report it too: that is how a member behind NAT, which
 * its peers cannot reach at its announced address, becomes reachable at all. What WireGuard shows
 * as another member's host is a relay, never taken. Returns the member with its new public
 * endpoint, or undefined when nothing changes.
 */
export function learnedEndpoint(target: Member | undefined, report: LinkReport, members: Member[]): Member | undefined {
  if (!target || !report.seenEndpoint) return undefined;
  const seenHost = host(report.seenEndpoint);
  // Another member's announced host is where that member is, never the target's NAT: a relay,
  // or a member forwarding for a pair behind its own NAT. Another member's public (NAT) host may
  // be the target's too: members behind one NAT share it.
  if (members.some((m) => m.name !== target.name && host(m.endpoint) === seenHost)) return undefined;
  // The announced endpoint proves nothing: a member behind the same NAT reaches it there, and a
  // WireGuard just set back to it shows it beside a handshake made elsewhere (a public endpoint
  // cleared that way flapped with every report on a busy host). It changes with a new join.
  const seen = report.seenEndpoint;
  if (seen === target.endpoint || seen === target.publicEndpoint) return undefined;
  // Another port of the same NAT: a symmetric NAT maps each peer to its own port. The first one
  // learned stays (each peer's WireGuard follows the port it hears from) rather than flapping
  // with every report.
  if (target.publicEndpoint && host(target.publicEndpoint) === seenHost) return undefined;
  return { ...target, publicEndpoint: seen };
}
