import { numberToIPv4 } from '@paddock/wire';
import {
  BOOTREPLY,
  BROADCAST_FLAG,
  type DhcpMessage,
  type DhcpOption,
  getOption,
  MESSAGE_TYPES,
  OPTION,
  onlyRequested,
  orderByParameterRequestList,
  readOption,
  textField,
} from '../codec/index.ts';
import { mergeOptions } from '../config/subnet.ts';
import { bootRequest, withBoot } from './boot.ts';
import { sharedLeaseOptions } from './reply-cache.ts';
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
  const reply: DhcpMessage = {
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
  return reply;
}

/** The lease time to grant: what the client asked (option 51) within the subnet's bounds. */
export function leaseSeconds(ex: Exchange): number {
  const t = ex.subnet.leaseTimes;
  const asked = readOption(ex.m, OPTION.leaseTime);
  return asked === undefined ? t.default : Math.min(t.max, Math.max(t.min, asked));
}

/**
 * An OFFER or ACK of `address` for `seconds`, with T1/T2 (RFC 2131 §4.4.5: 0.5 and 0.875).
 * Without reservation or boot answer its options are shared with other replies alike
 * (reply-cache.ts), built the first time by the general path below.
 */
export function leaseReply(
  ex: Exchange,
  env: PolicyEnv,
  type: 'DHCPOFFER' | 'DHCPACK',
  address: number,
  seconds: number,
): DhcpMessage {
  const yiaddr = numberToIPv4(address);
  if (ex.reservation || bootRequest(ex)) return builtLeaseReply(ex, env, type, yiaddr, seconds);
  const prl = getOption(ex.m.options, OPTION.parameterRequestList.code);
  const relayInfo = getOption(ex.m.options, OPTION.relayAgentInfo.code);
  const key = `${type} ${ex.serverId} ${seconds} ${relayInfo ? 82 : 0} ${prl ? String.fromCharCode.apply(null, prl as unknown as number[]) : '-'}`;
  const build = () => builtLeaseReply(ex, env, type, yiaddr, seconds).options;
  return baseReply(ex, type, yiaddr, sharedLeaseOptions(ex.subnet, key, relayInfo, build));
}

function builtLeaseReply(
  ex: Exchange,
  env: PolicyEnv,
  type: 'DHCPOFFER' | 'DHCPACK',
  yiaddr: string,
  seconds: number,
): DhcpMessage {
  const r = baseReply(ex, type, yiaddr);
  r.options.push(
    { code: OPTION.leaseTime.code, data: OPTION.leaseTime.kind.encode(seconds) },
    { code: OPTION.renewalTime.code, data: OPTION.renewalTime.kind.encode(Math.floor(seconds * 0.5)) },
    { code: OPTION.rebindingTime.code, data: OPTION.rebindingTime.kind.encode(Math.floor(seconds * 0.875)) },
  );
  return finish(withBoot(configured(r, ex), ex, env.boot), ex);
}

/** RFC 2131 §4.3.5: an INFORM is answered with configuration only, no lease, no yiaddr. */
export function informReply(ex: Exchange): DhcpMessage {
  return finish(configured(baseReply(ex, 'DHCPACK'), ex), ex);
}

/** RFC 2131 §4.3.2: a NAK carries 53, 54 and, as a courtesy, a message (56) saying why. */
export function nakReply(ex: Exchange, why: string): DhcpMessage {
  let r = baseReply(ex, 'DHCPNAK');
  // RFC 2131 §4.1: a NAK through a relay asks the relay to broadcast it to the client.
  if (ex.giaddr !== 0) r = { ...r, flags: r.flags | BROADCAST_FLAG };
  r = { ...r, options: [...r.options, { code: 56, data: textField(why.slice(0, 255)) }] };
  return echoRelayInfo(r, ex);
}

/** Subnet options, then the reservation's (which win), then its host name (option 12). */
function configured(r: DhcpMessage, ex: Exchange): DhcpMessage {
  let options = mergeOptions(r.options, ex.subnet.options);
  if (ex.reservation) {
    options = mergeOptions(options, ex.reservation.options);
    if (ex.reservation.hostname) {
      options = mergeOptions(options, [
        { code: OPTION.hostname.code, data: OPTION.hostname.kind.encode(ex.reservation.hostname) },
      ]);
    }
  }
  return { ...r, options };
}

/** Options sent whatever the request list says: 53, 54, lease times, 82, and boot's 60/43. */
const ALWAYS = [53, 54, 51, 58, 59, 82, 60, 43];

/**
 * RFC 2132 §9.8 and RFC 2131 §4.3.1: with a parameter request list, send what it asks for
 * (plus ALWAYS), in its order; without one, everything configured.
 */
function finish(r: DhcpMessage, ex: Exchange): DhcpMessage {
  const prl = readOption(ex.m, OPTION.parameterRequestList);
  const withRelay = echoRelayInfo(r, ex);
  if (!prl) return withRelay;
  return { ...withRelay, options: orderByParameterRequestList(onlyRequested(withRelay.options, prl, ALWAYS), prl) };
}

/** RFC 3046 §2.2: option 82 from a relay comes back byte for byte, last. */
function echoRelayInfo(r: DhcpMessage, ex: Exchange): DhcpMessage {
  const info = getOption(ex.m.options, OPTION.relayAgentInfo.code);
  if (!info) return r;
  return { ...r, options: [...r.options.filter((o) => o.code !== 82), { code: 82, data: info }] };
}
