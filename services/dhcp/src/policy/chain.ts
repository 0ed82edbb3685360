import { BOOTREQUEST, getOption, OPTION, readOption } from '@paddock/dhcp-codec';
import { numberToIPv4 } from '@paddock/wire';
import { handleDiscover } from './discover.ts';
import { handleDecline, handleRelease } from './release.ts';
import { informReply } from './reply.ts';
import { handleRequest } from './request.ts';
import { drop, type Exchange, type PolicyEnv, type Received, type Verdict } from './types.ts';
import { hex, ipv4ToNumberOr } from './util.ts';

/** An exchange being filled in by the steps; every field is set by the time it is dispatched. */
type Draft = Partial<Exchange> & Pick<Exchange, 'rx' | 'm' | 'type'>;
/** A step fills in the draft it is given (one object per request, no copies) or ends with a verdict. */
type Step = (d: Draft, env: PolicyEnv) => Draft | Verdict;

const isVerdict = (x: Draft | Verdict): x is Verdict => 'kind' in x;

const CLIENT_MESSAGES: ReadonlySet<string> = new Set([
  'DHCPDISCOVER',
  'DHCPREQUEST',
  'DHCPDECLINE',
  'DHCPRELEASE',
  'DHCPINFORM',
]);

/** Only client messages are served; the rest (OFFER from another server, leasequery) are not ours. */
const requireClientMessage: Step = (d) => {
  if (d.m.op !== BOOTREQUEST) return drop('not-a-request', `op ${d.m.op} (BOOTREPLY) sent to the server port`);
  if (!CLIENT_MESSAGES.has(d.type)) {
    return drop('unsupported-message-type', `${d.type} is not a client message this server answers`);
  }
  return d;
};

/** RFC 2131 §4.2: option 61, else htype + chaddr; a client with neither cannot hold a lease. */
const identifyClient: Step = (d) => {
  const id = getOption(d.m.options, OPTION.clientId.code);
  if (!id?.length && d.m.chaddr.every((b) => b === 0))
    return drop('no-client-identity', 'no client id and an empty chaddr');
  const mac = d.m.htype === 1 && d.m.hlen === 6 ? hex(d.m.chaddr, ':') : '';
  const clientId = id ? hex(id) : '';
  // The hex of codec clientKey(m), built without the intermediate bytes: 0xff + option 61, else htype + chaddr.
  const key = id ? `ff${clientId}` : hex(Uint8Array.of(d.m.htype)) + hex(d.m.chaddr);
  return Object.assign(d, { clientKey: key, mac, clientId });
};

/** RFC 2131 §4.3.1: the subnet of giaddr for a relayed request, else that of the interface. */
const selectSubnet: Step = (d, env) => {
  const giaddr = ipv4ToNumberOr(d.m.giaddr) ?? 0;
  const subnet =
    giaddr !== 0
      ? env.config.subnetForRelay(giaddr)
      : env.config.subnetForInterface(d.rx.ifname, d.rx.interfaceAddresses);
  if (!subnet) {
    const from = giaddr !== 0 ? `relay ${d.m.giaddr}` : `interface ${d.rx.ifname}`;
    return drop('no-subnet', `no subnet serves ${from}`);
  }
  return Object.assign(d, { giaddr, subnet });
};

/**
 * A subnet that identifies clients by MAC keys their leases by htype + chaddr even when they
 * send option 61 (Kea's match-client-id false): UEFI firmware sends none and the iPXE it loads
 * sends one, and one machine would otherwise hold two leases. Option 61 still finds reservations.
 */
const keyByMac: Step = (d) => {
  if (!d.subnet!.identifyByMac || !d.clientId || d.m.chaddr.every((b) => b === 0)) return d;
  return Object.assign(d, { clientKey: hex(Uint8Array.of(d.m.htype)) + hex(d.m.chaddr) });
};

/** Option 54: the subnet's configured address, else the one the request reached us on. */
const serverIdentity: Step = (d, env) => {
  const s = d.subnet!;
  const onLink = d.rx.interfaceAddresses.find((a) => (a & s.cidr.mask) >>> 0 === s.cidr.network);
  const received = d.rx.destination !== '255.255.255.255' ? d.rx.destination : d.rx.localAddress;
  const id = s.serverAddress ?? (d.giaddr ? received : onLink !== undefined ? numberToIPv4(onLink) : received);
  if (!id || id === '0.0.0.0')
    return drop('no-server-address', `no address of ours to name as server on ${d.rx.ifname}`);
  return Object.assign(d, { serverId: id, excluded: env.caches.excluded.of(s, d.rx.interfaceAddresses, id) });
};

/** RFC 2131 §4.3.2: a REQUEST naming another server means the client chose it: forget our offer. */
const requireOurServerId: Step = (d, env) => {
  const named = readOption(d.m, OPTION.serverId);
  if (named === undefined || named === d.serverId) return d;
  if (d.type === 'DHCPDISCOVER' || d.type === 'DHCPINFORM') return d;
  const offer = env.leases.offerFor(d.clientKey!, env.now);
  const effects = offer ? [{ kind: 'drop-offer' as const, address: offer.address }] : undefined;
  return drop('foreign-server-id', `${d.type} names server ${named}, we are ${d.serverId}`, effects);
};

const findReservation: Step = (d, env) =>
  Object.assign(d, { reservation: env.config.reservations.forClient(d.clientId || undefined, d.mac || undefined) });

/** The explicit chain every request goes through before its message type's handler. */
export const STEPS: readonly Step[] = [
  requireClientMessage,
  identifyClient,
  selectSubnet,
  keyByMac,
  serverIdentity,
  requireOurServerId,
  findReservation,
];

/** Policy: one decoded request in, one verdict out. Reads env; writes nothing. */
export function handle(rx: Received, env: PolicyEnv): Verdict {
  let d: Draft | Verdict = { rx, m: rx.message, type: rx.type };
  for (const step of STEPS) {
    d = step(d, env);
    if (isVerdict(d)) return d;
  }
  const ex = d as Exchange;
  switch (ex.type) {
    case 'DHCPDISCOVER':
      return handleDiscover(ex, env);
    case 'DHCPREQUEST':
      return handleRequest(ex, env);
    case 'DHCPDECLINE':
      return handleDecline(ex, env);
    case 'DHCPRELEASE':
      return handleRelease(ex, env);
    default:
      return { kind: 'reply', reply: informReply(ex, env), effects: [] };
  }
}
