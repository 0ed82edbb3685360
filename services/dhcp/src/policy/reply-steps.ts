import {
  type DhcpMessage,
  getOption,
  OPTION,
  onlyRequested,
  orderByParameterRequestList,
  readOption,
} from '@paddock/dhcp-codec';
import { withBootAnswer } from '@paddock/netboot';
import { mergeOptions } from '../config/subnet.ts';
import { bootAnswerFor, bootRequest, isNetbootExchange } from './boot.ts';
import type { Exchange, PolicyEnv } from './types.ts';

/** What every step of a reply may read: the exchange, policy's environment, the lease time. */
export interface ReplyInput {
  ex: Exchange;
  env: PolicyEnv;
  /** Lease seconds granted (OFFER and ACK); 0 for replies without a lease. */
  seconds: number;
}

/**
 * One option step of a reply. `personal` says when its part is this client's own: the options
 * of a reply no step calls personal depend only on the subnet, message type, server id, lease
 * time, request list and relay, and are shared (reply-cache.ts).
 */
export interface ReplyStep {
  readonly name: string;
  personal?(ex: Exchange): boolean;
  apply(r: DhcpMessage, i: ReplyInput): DhcpMessage;
}

const u32 = (code: number, v: number) => ({ code, data: OPTION.leaseTime.kind.encode(v) });

/** RFC 2131 §4.4.5: the lease time with T1 and T2 at 0.5 and 0.875 of it. */
export const leaseTimes: ReplyStep = {
  name: 'lease-times',
  apply: (r, { seconds }) => {
    r.options.push(
      u32(OPTION.leaseTime.code, seconds),
      u32(OPTION.renewalTime.code, Math.floor(seconds * 0.5)),
      u32(OPTION.rebindingTime.code, Math.floor(seconds * 0.875)),
    );
    return r;
  },
};

export const subnetOptions: ReplyStep = {
  name: 'subnet-options',
  apply: (r, { ex }) => ({ ...r, options: mergeOptions(r.options, ex.subnet.options) }),
};

/** The reservation's options win over the subnet's; its host name is option 12. */
export const reservationOptions: ReplyStep = {
  name: 'reservation-options',
  personal: (ex) => ex.reservation !== undefined,
  apply: (r, { ex }) => {
    const res = ex.reservation;
    if (!res) return r;
    let options = mergeOptions(r.options, res.options);
    if (res.hostname)
      options = mergeOptions(options, [
        { code: OPTION.hostname.code, data: OPTION.hostname.kind.encode(res.hostname) },
      ]);
    return { ...r, options };
  },
};

/**
 * A netboot client's answer (the subnet's settings, else the boot service's rules), built by
 * @paddock/netboot as the proxyDHCP builds it. With neither, the reply is left alone: booting
 * is then the boot service's proxyDHCP's business (PXE spec §2.2.3).
 */
export const bootAnswer: ReplyStep = {
  name: 'boot',
  personal: isNetbootExchange,
  apply: (r, { ex, env }) => {
    const request = bootRequest(ex);
    const found = request && bootAnswerFor(ex, request, env.boot);
    if (!found) return r;
    return withBootAnswer(r, found.client, found.answer, { serverAddress: ex.serverId, proxy: false });
  },
};

/** RFC 3046 §2.2: option 82 from a relay comes back byte for byte, last. */
export const relayEcho: ReplyStep = {
  name: 'relay-echo',
  apply: (r, { ex }) => {
    const info = getOption(ex.m.options, OPTION.relayAgentInfo.code);
    if (!info) return r;
    return { ...r, options: [...r.options.filter((o) => o.code !== 82), { code: 82, data: info }] };
  },
};

/** Options sent whatever the request list says: 53, 54, lease times, 82, and boot's 60/43. */
const ALWAYS = [53, 54, 51, 58, 59, 82, 60, 43];

/**
 * RFC 2132 §9.8 and RFC 2131 §4.3.1: with a parameter request list, send what it asks for
 * (plus ALWAYS), in its order; without one, everything configured.
 */
export const requestOrder: ReplyStep = {
  name: 'request-order',
  apply: (r, { ex }) => {
    const prl = readOption(ex.m, OPTION.parameterRequestList);
    if (!prl) return r;
    return { ...r, options: orderByParameterRequestList(onlyRequested(r.options, prl, ALWAYS), prl) };
  },
};
