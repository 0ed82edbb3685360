import type { LinkReport, Member, Path } from '@paddock/proto/overlay/v1/overlay.ts';

const host = (endpoint: string) => endpoint.replace(/:\d+$/, '');

/**
 * The endpoint a member's packets are seen coming from, learned from a peer's report: behind a
 * masquerading NAT it is the NAT's address and port, not the one the member announced. Only a
 * peer on a direct path says anything about it (over a relay a peer sees the relay). Returns the
 * member with its new public endpoint, or undefined when nothing changes.
 */
export function learnedEndpoint(
  target: Member | undefined,
  report: LinkReport,
  path: Path | undefined,
  members: Member[],
): Member | undefined {
  if (!target || !report.seenEndpoint || !path?.reachable || path.via !== '') return undefined;
  // Just after a pair went direct again, WireGuard may still show the relay it last heard from.
  const seenHost = host(report.seenEndpoint);
  if (
    members.some(
      (m) => m.name !== target.name && (host(m.endpoint) === seenHost || host(m.publicEndpoint) === seenHost),
    )
  )
    return undefined;
  const seen = report.seenEndpoint === target.endpoint ? '' : report.seenEndpoint;
  if (seen === target.publicEndpoint) return undefined;
  return { ...target, publicEndpoint: seen };
}
