import { type DhcpMessage, OPTION, readOption } from '@paddock/dhcp-codec';
import { encodeUdpFrame } from '@paddock/netio';
import { type Destination, replyDestination } from '../policy/destination.ts';
import type { Link } from './link.ts';

/**
 * Sends an encoded reply where RFC 2131 §4.1 says (destination.ts). A client without an
 * address gets a hand-built frame to its MAC on the link's packet socket; when the link has
 * none (no CAP_NET_RAW), broadcast is the fallback every client accepts.
 */
export function sendReply(
  link: Link,
  request: DhcpMessage,
  reply: DhcpMessage,
  bytes: Uint8Array,
): { ok: boolean; to: Destination } {
  const to = replyDestination(request, reply);
  if (to.kind === 'hardware' && link.packet && link.mac) {
    const frame = encodeUdpFrame({
      sourceMac: link.mac,
      destinationMac: to.mac,
      source: readOption(reply, OPTION.serverId) ?? '0.0.0.0',
      destination: to.address,
      sourcePort: 67,
      destinationPort: 68,
      payload: bytes,
    });
    return { ok: link.packet.send(frame), to };
  }
  const [address, port] =
    to.kind === 'relay' || to.kind === 'unicast' ? [to.address, to.port] : ['255.255.255.255', 68];
  return { ok: link.udp.send(bytes, address, port), to };
}
