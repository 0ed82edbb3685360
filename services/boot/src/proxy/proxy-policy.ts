import {
  BOOTREPLY,
  BOOTREQUEST,
  type DhcpMessage,
  emptyMessage,
  messageType,
  OPTION,
  readOption,
  setMessageType,
  setOption,
} from '@paddock/dhcp-codec';
import { clientGuidBytes, describeNetboot, requestFromDhcp, vendorFamily, withBootAnswer } from '@paddock/netboot';
import type { Decision } from '../answer.ts';
import type { BootRequest } from '../boot-request.ts';

/** The two ports of proxyDHCP (PXE 2.1 §2.2.3): offers on 67, boot server requests on 4011. */
export type ProxyPort = 67 | 4011;

export interface ProxyContext {
  /** Our address on the boot interface: option 54 and where 4011 requests come to. */
  serverAddress: string;
  decide(request: BootRequest, port: ProxyPort): Decision;
}

export interface Peer {
  address: string;
  port: number;
}

export type ProxyVerdict = { kind: 'reply'; reply: DhcpMessage; to: Peer } | { kind: 'drop'; reason: string };

const drop = (reason: string): ProxyVerdict => ({ kind: 'drop', reason });

/**
 * proxyDHCP as pure policy: answers only PXE and HTTP boot clients (option 60), never offers an
 * address (yiaddr 0.0.0.0, no lease options), and says only how to boot. On 67 a DISCOVER gets
 * an OFFER, broadcast (the client has no address yet); on 4011 a REQUEST gets an ACK, unicast.
 */
export function proxyVerdict(m: DhcpMessage, port: ProxyPort, from: Peer, ctx: ProxyContext): ProxyVerdict {
  if (m.op !== BOOTREQUEST) return drop('not a BOOTREQUEST');
  // Unlike the DHCP service, the proxy needs option 60: a client without it takes no proxy offer.
  if (!vendorFamily(readOption(m, OPTION.vendorClass))) return drop('not a PXE or HTTP boot client (option 60)');
  const type = messageType(m);
  if (port === 67 && type !== 'DHCPDISCOVER') return drop(`${type} on port 67: only DISCOVER gets a proxy offer`);
  if (port === 4011 && type !== 'DHCPREQUEST' && type !== 'DHCPINFORM') return drop(`${type} on port 4011`);
  const request = requestFromDhcp(m);
  const decision = ctx.decide(request, port);
  const a = decision.answer;
  if (!a) return drop(decision.rule ? `rule ${decision.rule.name} ignores this machine` : 'no boot rule matches');

  let reply: DhcpMessage = {
    ...emptyMessage(BOOTREPLY),
    htype: m.htype,
    hlen: m.hlen,
    xid: m.xid,
    flags: m.flags,
    giaddr: m.giaddr,
    chaddr: m.chaddr,
    ciaddr: port === 4011 ? m.ciaddr : '0.0.0.0',
  };
  reply = setMessageType(reply, port === 67 ? 'DHCPOFFER' : 'DHCPACK');
  reply = setOption(reply, OPTION.serverId, ctx.serverAddress);
  // Option 60 back tells iPXE and EDK2 this is a PXE (or HTTP boot) offer, so iPXE stops
  // waiting for more proxy offers (pxe-lab notes: ~3 s saved).
  reply = withBootAnswer(reply, describeNetboot(request), a, {
    serverAddress: ctx.serverAddress,
    proxy: true,
    clientGuid: clientGuidBytes(m),
  });

  if (port === 4011) return { kind: 'reply', reply, to: from };
  // RFC 2131 §4.1: a relayed request is answered to the relay's port 67.
  if (m.giaddr !== '0.0.0.0') return { kind: 'reply', reply, to: { address: m.giaddr, port: 67 } };
  return { kind: 'reply', reply, to: { address: '255.255.255.255', port: 68 } };
}
