import {
  BOOTREPLY,
  BROADCAST_FLAG,
  type DhcpMessage,
  type DhcpOption,
  getOption,
  MESSAGE_TYPES,
  OPTION,
  readOption,
  textField,
} from '@paddock/dhcp-codec';
import { numberToIPv4 } from '@paddock/wire';
import { INFORM_REPLY, isPersonal, LEASE_REPLY, runReply } from './reply-chain.ts';
import { relayEcho } from './reply-steps.ts';
import type { Exchange, PolicyEnv } from './types.ts';

const NONE = '0.0.0.0';
/** sname and file of a reply without boot answer: one empty array serves them all. */
const EMPTY = new Uint8Array(0);

/**
 * The fields RFC 2131 §4.3.1 Table 3 fixes for every reply: xid, flags, giaddr and chaddr
 * copied, ciaddr copied only into an ACK, option 53 first and our server identifier (54).
 */
export function baseReply(
  ex: Exchange,
  type: 'DHCPOFFER' | 'DHCPACK' | 'DHCPNAK',
  yiaddr = NONE,
  options?: DhcpOption[],
): DhcpMessage {
  const m = ex.m;
  return {
    op: BOOTREPLY,
    htype: m.htype,
    hlen: m.hlen,
    hops: 0,
    xid: m.xid,
    secs: 0,
    flags: m.flags,
    ciaddr: type === 'DHCPACK' ? m.ciaddr : NONE,
    yiaddr,
    siaddr: NONE,
    giaddr: m.giaddr,
    chaddr: m.chaddr,
    sname: EMPTY,
    file: EMPTY,
    options: options ?? [
      { code: OPTION.messageType.code, data: Uint8Array.of(MESSAGE_TYPES[type]) },
      { code: OPTION.serverId.code, data: OPTION.serverId.kind.encode(ex.serverId) },
    ],
  };
}

/** The lease time to grant: what the client asked (option 51) within the subnet's bounds. */
export function leaseSeconds(ex: Exchange): number {
  const t = ex.subnet.leaseTimes;
  const asked = readOption(ex.m, OPTION.leaseTime);
  return asked === undefined ? t.default : Math.min(t.max, Math.max(t.min, asked));
}

/**
 * An OFFER or ACK of `address` for `seconds`, through the reply chain (reply-chain.ts). When no
 * step makes it this client's own, its options are shared with other replies alike
 * (reply-cache.ts), built the first time by the chain.
 */
export function leaseReply(
  ex: Exchange,
  env: PolicyEnv,
  type: 'DHCPOFFER' | 'DHCPACK',
  address: number,
  seconds: number,
): DhcpMessage {
  const yiaddr = numberToIPv4(address);
  const input = { ex, env, seconds };
  if (isPersonal(LEASE_REPLY, input)) return runReply(LEASE_REPLY, baseReply(ex, type, yiaddr), input);
  const prl = getOption(ex.m.options, OPTION.parameterRequestList.code);
  const relayInfo = getOption(ex.m.options, OPTION.relayAgentInfo.code);
  const key = `${type} ${ex.serverId} ${seconds} ${relayInfo ? 82 : 0} ${prl ? String.fromCharCode.apply(null, prl as unknown as number[]) : '-'}`;
  const build = () => runReply(LEASE_REPLY, baseReply(ex, type, yiaddr), input).options;
  return baseReply(ex, type, yiaddr, env.caches.replies.options(ex.subnet, key, relayInfo, build));
}

/** RFC 2131 §4.3.5: an INFORM is answered with configuration only, no lease, no yiaddr. */
export function informReply(ex: Exchange, env: PolicyEnv): DhcpMessage {
  return runReply(INFORM_REPLY, baseReply(ex, 'DHCPACK'), { ex, env, seconds: 0 });
}

/** RFC 2131 §4.3.2: a NAK carries 53, 54 and, as a courtesy, a message (56) saying why. */
export function nakReply(ex: Exchange, env: PolicyEnv, why: string): DhcpMessage {
  let r = baseReply(ex, 'DHCPNAK');
  // RFC 2131 §4.1: a NAK through a relay asks the relay to broadcast it to the client.
  if (ex.giaddr !== 0) r = { ...r, flags: r.flags | BROADCAST_FLAG };
  r = { ...r, options: [...r.options, { code: 56, data: textField(why.slice(0, 255)) }] };
  return relayEcho.apply(r, { ex, env, seconds: 0 });
}
