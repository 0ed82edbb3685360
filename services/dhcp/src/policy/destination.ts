import { type DhcpMessage, isBroadcast, messageType } from '@paddock/dhcp-codec';

/** Where a reply goes. The shell turns each kind into one send. */
export type Destination =
  /** To the relay agent's server port. */
  | { kind: 'relay'; address: string; port: 67 }
  /** Ordinary UDP unicast: the client has (and uses) this address. */
  | { kind: 'unicast'; address: string; port: 68 }
  /** To a client that has no address yet: its hardware address and yiaddr, no ARP. */
  | { kind: 'hardware'; mac: Uint8Array; address: string; port: 68 }
  /** To 255.255.255.255 on the receiving link. */
  | { kind: 'broadcast'; port: 68 };

const NONE = '0.0.0.0';

/**
 * RFC 2131 §4.1, in its order:
 * - giaddr set: to the relay, port 67 (the relay sets the broadcast bit for a NAK itself).
 * - ciaddr set: unicast to ciaddr (a renewing or informing client has its address), except a
 *   NAK, which is broadcast, since the address it would go to is what is being refused.
 * - NAK, or the broadcast bit: broadcast.
 * - otherwise: unicast to chaddr / yiaddr. A client without an address cannot answer ARP, so
 *   this needs a frame built by hand (the shell's packet socket); hardware other than
 *   Ethernet-sized addresses falls back to broadcast, which every client accepts.
 */
export function replyDestination(request: DhcpMessage, reply: DhcpMessage): Destination {
  if (request.giaddr !== NONE) return { kind: 'relay', address: request.giaddr, port: 67 };
  const nak = messageType(reply) === 'DHCPNAK';
  if (request.ciaddr !== NONE && !nak) return { kind: 'unicast', address: request.ciaddr, port: 68 };
  if (nak || isBroadcast(request) || reply.yiaddr === NONE) return { kind: 'broadcast', port: 68 };
  if (request.htype !== 1 || request.hlen !== 6) return { kind: 'broadcast', port: 68 };
  return { kind: 'hardware', mac: request.chaddr, address: reply.yiaddr, port: 68 };
}
