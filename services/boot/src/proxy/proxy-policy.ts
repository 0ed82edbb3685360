import {
  BOOTREPLY,
  BOOTREQUEST,
  type DhcpMessage,
  emptyMessage,
  getOption,
  messageType,
  OPTION,
  readOption,
  setMessageType,
  setOption,
  textField,
  withOption,
} from '@paddock/dhcp';
import type { Decision } from '../answer.ts';
import { type BootRequest, requestFromDhcp } from '../boot-request.ts';

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

/** Longest string the 128-byte BOOTP file field holds with its terminating NUL (RFC 951). */
const FILE_FIELD = 127;

/**
 * PXE 2.1 §2.2.3 option 43 sub-option 6, PXE_DISCOVERY_CONTROL: bit 3 = "the boot file in this
 * offer is the one to load", so firmware neither prompts nor runs boot server discovery.
 */
const PXE_VENDOR_OPTIONS = Uint8Array.of(6, 1, 0x08, 255);

const drop = (reason: string): ProxyVerdict => ({ kind: 'drop', reason });

/**
 * proxyDHCP as pure policy: answers only PXE and HTTP boot clients (option 60), never offers an
 * address (yiaddr 0.0.0.0, no lease options), and says only how to boot. On 67 a DISCOVER gets
 * an OFFER, broadcast (the client has no address yet); on 4011 a REQUEST gets an ACK, unicast.
 */
export function proxyVerdict(m: DhcpMessage, port: ProxyPort, from: Peer, ctx: ProxyContext): ProxyVerdict {
  if (m.op !== BOOTREQUEST) return drop('not a BOOTREQUEST');
  const vendorClass = readOption(m, OPTION.vendorClass) ?? '';
  const family = vendorClass.startsWith('PXEClient')
    ? 'PXEClient'
    : vendorClass.startsWith('HTTPClient')
      ? 'HTTPClient'
      : undefined;
  if (!family) return drop('not a PXE or HTTP boot client (option 60)');
  const type = messageType(m);
  if (port === 67 && type !== 'DHCPDISCOVER') return drop(`${type} on port 67: only DISCOVER gets a proxy offer`);
  if (port === 4011 && type !== 'DHCPREQUEST' && type !== 'DHCPINFORM') return drop(`${type} on port 4011`);
  const decision = ctx.decide(requestFromDhcp(m), port);
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
    siaddr: a.kind === 'tftp' ? a.nextServer : ctx.serverAddress,
  };
  const bootFile = a.kind === 'tftp' ? a.bootFile : a.httpUrl;
  if (bootFile.length <= FILE_FIELD) reply.file = textField(bootFile);
  reply = setMessageType(reply, port === 67 ? 'DHCPOFFER' : 'DHCPACK');
  reply = setOption(reply, OPTION.serverId, ctx.serverAddress);
  // Option 60 back tells iPXE and EDK2 this is a PXE (or HTTP boot) offer, so iPXE stops
  // waiting for more proxy offers (pxe-lab notes: ~3 s saved).
  reply = setOption(reply, OPTION.vendorClass, family === 'HTTPClient' ? 'HTTPClient' : a.vendorClass);
  reply = setOption(reply, OPTION.bootfileName, bootFile);
  // PXE 2.1 §2.2.3: the proxy's reply carries the client's GUID (option 97) back.
  const guid = getOption(m.options, OPTION.clientGuid.code);
  if (guid) reply = { ...reply, options: withOption(reply.options, OPTION.clientGuid.code, guid) };
  if (family === 'PXEClient')
    reply = { ...reply, options: withOption(reply.options, OPTION.vendorSpecific.code, PXE_VENDOR_OPTIONS) };

  if (port === 4011) return { kind: 'reply', reply, to: from };
  // RFC 2131 §4.1: a relayed request is answered to the relay's port 67.
  if (m.giaddr !== '0.0.0.0') return { kind: 'reply', reply, to: { address: m.giaddr, port: 67 } };
  return { kind: 'reply', reply, to: { address: '255.255.255.255', port: 68 } };
}
