import { bytesToHex, numberToIPv4 } from '@paddock/wire';

/**
 * One row per address, kept after the lease ends: who held an address last is what makes
 * addresses sticky (a returning client gets its old one) and what the console shows.
 */
export type LeaseState = 'bound' | 'released' | 'expired' | 'declined';

export interface Lease {
  address: number;
  /** Hex of codec `clientKey`: option 61 when sent, else htype + chaddr (RFC 2131 §4.2). */
  clientKey: string;
  /** The client's hardware address, colon hex ("" when none). */
  mac: string;
  /** Option 61 as hex, "" when not sent. */
  clientId: string;
  hostname: string;
  subnetId: string;
  state: LeaseState;
  /** Unix ms. */
  startsAt: number;
  /** Unix ms: end of the lease, or of a decline's quarantine. */
  expiresAt: number;
  /** Revision of the commit that wrote this row; 0 until committed. */
  revision: number;
  /** giaddr of the relay, "" when directly attached. */
  relay: string;
  interface: string;
  vendorClass: string;
  /** First option 93 value, -1 when absent. */
  architecture: number;
}

/** A bound lease whose time has run out is free, whatever its row says until the sweeper runs. */
export function isActive(lease: Lease, now: number): boolean {
  return (lease.state === 'bound' || lease.state === 'declined') && lease.expiresAt > now;
}

/** The state a reader should see: a bound lease past its end is expired. */
export function effectiveState(lease: Lease, now: number): LeaseState {
  return lease.state === 'bound' && lease.expiresAt <= now ? 'expired' : lease.state;
}

export const hexKey = (key: Uint8Array): string => bytesToHex(key, '');

export function describeLease(l: Lease): string {
  return `${numberToIPv4(l.address)} ${l.state} ${l.mac || l.clientId}`;
}
