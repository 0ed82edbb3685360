import { OPTION, readOption } from '@paddock/dhcp-codec';
import { cidrContains } from '@paddock/wire';
import { isActive } from '../leases/lease.ts';
import type { Client } from './allocator.ts';
import { leaseReply, leaseSeconds } from './reply.ts';
import { drop, type Effect, type Exchange, type PolicyEnv, type Verdict } from './types.ts';
import { ipv4ToNumberOr } from './util.ts';

/**
 * RFC 2131 §4.3.1: DISCOVER -> OFFER. The address is held (in memory) for the offer time and
 * the reply goes out at once. A new address is probed for conflicts in parallel, or was
 * probed ahead already (prober.ts); the probe never delays the OFFER.
 */
export function handleDiscover(ex: Exchange, env: PolicyEnv): Verdict {
  const chosen = chooseAddress(ex, env);
  if (!chosen) return drop('pool-exhausted', `no free address in subnet ${ex.subnet.id} for ${ex.mac || ex.clientId}`);
  const seconds = leaseSeconds(ex);
  const reply = leaseReply(ex, env, 'DHCPOFFER', chosen.address, seconds);
  const until = env.now + env.settings.offerSeconds * 1000;
  const effects: Effect[] = [{ kind: 'hold', offer: { address: chosen.address, clientKey: ex.clientKey, until } }];
  if (chosen.probe && env.probeStatus(chosen.address) === 'unknown')
    effects.push({ kind: 'probe', address: chosen.address });
  return { kind: 'reply', reply, effects };
}

interface Choice {
  address: number;
  /** New to this client: worth a conflict probe. */
  probe: boolean;
}

/** RFC 2131 §4.3.1's order: reserved, current, offered, previous, requested, any free. */
export function chooseAddress(ex: Exchange, env: PolicyEnv): Choice | undefined {
  const { subnet, excluded } = ex;
  const client: Client = { key: ex.clientKey, reservation: ex.reservation };
  const usable = (a: number | undefined, inPool = true): a is number =>
    a !== undefined &&
    cidrContains(subnet.cidr, a) &&
    (!inPool || env.allocator.inPools(subnet, a)) &&
    env.allocator.isFree(a, client, env, excluded);

  const reserved = ex.reservation?.address;
  if (usable(reserved, false)) return { address: reserved, probe: false };
  const previous = env.leases.forClient(ex.clientKey);
  const current = previous && isActive(previous, env.now) ? previous.address : undefined;
  if (usable(current)) return { address: current, probe: false };
  const offered = env.leases.offerFor(ex.clientKey, env.now)?.address;
  if (usable(offered)) return { address: offered, probe: false };
  if (previous && usable(previous.address)) return { address: previous.address, probe: true };
  const requested = ipv4ToNumberOr(readOption(ex.m, OPTION.requestedIp));
  if (usable(requested)) return { address: requested, probe: true };
  const next = env.allocator.pick(subnet, client, env, excluded);
  return next === undefined ? undefined : { address: next, probe: true };
}
