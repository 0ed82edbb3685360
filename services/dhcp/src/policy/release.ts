import { OPTION, readOption } from '@paddock/dhcp-codec';
import { numberToIPv4 } from '@paddock/wire';
import { leaseRow, withState } from './lease-row.ts';
import { drop, type Exchange, type PolicyEnv, type Verdict } from './types.ts';
import { ipv4ToNumberOr } from './util.ts';

/**
 * RFC 2131 §4.3.4: RELEASE gives back ciaddr. Only the holder may release: anyone else's
 * RELEASE would let a stranger free an address in use. The row keeps the client, so the same
 * client gets the address again if it comes back before someone else needs it.
 */
export function handleRelease(ex: Exchange, env: PolicyEnv): Verdict {
  const address = ipv4ToNumberOr(ex.m.ciaddr) ?? 0;
  const lease = env.leases.get(address);
  if (!lease || lease.clientKey !== ex.clientKey || lease.state !== 'bound') {
    return drop('not-lease-holder', `RELEASE of ${ex.m.ciaddr} by a client that does not hold it`);
  }
  return { kind: 'accept', effects: [{ kind: 'lease', lease: withState(lease, 'released', env.now) }] };
}

/**
 * RFC 2131 §4.3.3: DECLINE says the address (option 50) is in use by someone else. It is
 * quarantined for declineSeconds. Only the client that was given it can decline it.
 */
export function handleDecline(ex: Exchange, env: PolicyEnv): Verdict {
  const address = ipv4ToNumberOr(readOption(ex.m, OPTION.requestedIp));
  if (address === undefined) return drop('missing-requested-address', 'DECLINE without option 50');
  const lease = env.leases.get(address);
  const offered = env.leases.offerOn(address, env.now)?.clientKey === ex.clientKey;
  if (!offered && (!lease || lease.clientKey !== ex.clientKey || lease.state !== 'bound')) {
    return drop('not-lease-holder', `DECLINE of ${numberToIPv4(address)} by a client that was not given it`);
  }
  const until = env.now + env.settings.declineSeconds * 1000;
  const row = lease && lease.clientKey === ex.clientKey ? lease : undefined;
  const declined = row ? withState(row, 'declined', until) : leaseRow(ex, address, 'declined', env.now, until);
  return {
    kind: 'accept',
    effects: [
      { kind: 'drop-offer', address },
      { kind: 'lease', lease: declined },
    ],
  };
}
