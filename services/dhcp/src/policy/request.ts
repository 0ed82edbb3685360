import { OPTION, readOption } from '@paddock/dhcp-codec';
import { cidrContains, numberToIPv4 } from '@paddock/wire';
import { isActive } from '../leases/lease.ts';
import { leaseRow, withState } from './lease-row.ts';
import { leaseReply, leaseSeconds, nakReply } from './reply.ts';
import { drop, type Effect, type Exchange, type PolicyEnv, type Verdict } from './types.ts';
import { ipv4ToNumberOr } from './util.ts';

type Phase = 'selecting' | 'init-reboot' | 'renewing';

/**
 * RFC 2131 §4.3.2: which state the client is in decides which address it asks for.
 * SELECTING names our server (54, already checked to be ours) and the offered address (50);
 * INIT-REBOOT gives only 50; RENEWING and REBINDING give ciaddr.
 */
export function handleRequest(ex: Exchange, env: PolicyEnv): Verdict {
  const requested = ipv4ToNumberOr(readOption(ex.m, OPTION.requestedIp));
  const ciaddr = ipv4ToNumberOr(ex.m.ciaddr) ?? 0;
  if (readOption(ex.m, OPTION.serverId) !== undefined) {
    if (requested === undefined) return drop('missing-requested-address', 'SELECTING request without option 50');
    return confirm(ex, env, requested, 'selecting');
  }
  if (ciaddr !== 0) return confirm(ex, env, ciaddr, 'renewing');
  if (requested !== undefined) return confirm(ex, env, requested, 'init-reboot');
  return drop('missing-requested-address', 'request with neither ciaddr nor option 50');
}

function confirm(ex: Exchange, env: PolicyEnv, address: number, phase: Phase): Verdict {
  const refusal = refuse(ex, env, address, phase);
  if (refusal === 'silent') {
    return drop('unknown-lease', `${phase} for ${numberToIPv4(address)}: no record of this client (not authoritative)`);
  }
  if (refusal !== undefined) return { kind: 'reply', reply: nakReply(ex, env, refusal), effects: [] };
  const current = env.leases.get(address);
  const renewal = current?.clientKey === ex.clientKey && current.state === 'bound' && current.expiresAt > env.now;
  // A parallel probe (burst without a probed-ahead address) may still be out: wait for it.
  if (!renewal && env.probeStatus(address) === 'pending') return { kind: 'wait-probe', address };
  const seconds = leaseSeconds(ex);
  const lease = leaseRow(ex, address, 'bound', renewal ? current.startsAt : env.now, env.now + seconds * 1000);
  const effects: Effect[] = [
    { kind: 'lease', lease },
    { kind: 'drop-offer', address },
  ];
  // One lease per client per subnet: moving to another address gives the old one back.
  const old = env.leases.forClient(ex.clientKey);
  if (
    old &&
    old.address !== address &&
    old.subnetId === ex.subnet.id &&
    isActive(old, env.now) &&
    old.state === 'bound'
  ) {
    effects.push({ kind: 'lease', lease: withState(old, 'released', env.now) });
  }
  return { kind: 'reply', reply: leaseReply(ex, env, 'DHCPACK', address, seconds), effects };
}

/** Why this client may not have this address (the NAK's message), 'silent', or undefined. */
function refuse(ex: Exchange, env: PolicyEnv, address: number, phase: Phase): string | 'silent' | undefined {
  const at = numberToIPv4(address);
  // RFC 2131 §4.3.2: an address from another network means the client moved: NAK.
  if (!cidrContains(ex.subnet.cidr, address)) return `${at} is not on network ${ex.subnet.doc.cidr}`;
  const reserved = ex.reservation?.address;
  if (reserved !== undefined && reserved !== address && cidrContains(ex.subnet.cidr, reserved)) {
    return `${at} is not this client's reserved address`;
  }
  const client = { key: ex.clientKey, reservation: ex.reservation };
  if (!env.settings.authoritative && phase !== 'selecting' && !knows(ex, env, address)) return 'silent';
  if (reserved !== address && !env.allocator.inPools(ex.subnet, address)) return `${at} is outside the pools`;
  if (!env.allocator.isFree(address, client, env, ex.excluded)) return `${at} is not available to this client`;
  return undefined;
}

function knows(ex: Exchange, env: PolicyEnv, address: number): boolean {
  const lease = env.leases.get(address);
  return lease?.clientKey === ex.clientKey || env.leases.offerFor(ex.clientKey, env.now)?.address === address;
}
