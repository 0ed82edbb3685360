import type { Lease } from '../leases/lease.ts';
import { withState } from '../policy/lease-row.ts';

/**
 * Rows whose time is up, in their next state: a bound lease past its end, or a declined
 * address past its quarantine, becomes expired. The policy already treats them as free; the
 * sweep writes it down so that the store, the API and watchers say so too.
 */
export function expiredRows(leases: Iterable<Lease>, now: number): Lease[] {
  const out: Lease[] = [];
  for (const l of leases) {
    if ((l.state === 'bound' || l.state === 'declined') && l.expiresAt <= now)
      out.push(withState(l, 'expired', l.expiresAt));
  }
  return out;
}

/**
 * The row for an address a conflict probe found in use: declined until `until`, holder kept
 * if there was one. Undefined when a client holds it bound: that client may be the answerer.
 */
export function quarantineRow(
  held: Lease | undefined,
  address: number,
  subnetId: string,
  now: number,
  until: number,
): Lease | undefined {
  if (held && held.state === 'bound' && held.expiresAt > now) return undefined;
  const base: Lease = held ?? {
    address,
    clientKey: '',
    mac: '',
    clientId: '',
    hostname: '',
    subnetId,
    state: 'declined',
    startsAt: now,
    expiresAt: until,
    revision: 0,
    relay: '',
    interface: '',
    vendorClass: '',
    architecture: -1,
  };
  return withState(base, 'declined', until);
}
