import type { DecodeReasonCode, DhcpMessage, MessageTypeName } from '@paddock/dhcp-codec';
import type { BootAnswerProvider } from '@paddock/netboot';
import type { DhcpConfig } from '../config/config-state.ts';
import type { Reservation } from '../config/reservations.ts';
import type { Settings } from '../config/settings.ts';
import type { Subnet } from '../config/subnet.ts';
import type { Lease } from '../leases/lease.ts';
import type { LeaseTable, Offer } from '../leases/lease-table.ts';
import type { Allocator } from './allocator.ts';
import type { PolicyCaches } from './caches.ts';

/** Why a request got no answer. Short and stable: a metrics label and a GetStats key. */
export type DropReason =
  | DecodeReasonCode
  | 'not-a-request'
  | 'unsupported-message-type'
  | 'no-client-identity'
  | 'no-subnet'
  | 'no-server-address'
  | 'foreign-server-id'
  | 'missing-requested-address'
  | 'pool-exhausted'
  | 'unknown-lease'
  | 'not-lease-holder'
  | 'reply-too-large'
  | 'send-failed'
  | 'commit-failed'
  | 'claim-lost'
  | 'policy-error'
  /** Shed unread at saturation, oldest first (server/intake.ts). */
  | 'overloaded';

/** What one datagram was, as the socket shell saw it. */
export interface Received {
  message: DhcpMessage;
  type: MessageTypeName;
  /** The interface it arrived on (the socket is bound to it). */
  ifname: string;
  /** That interface's IPv4 addresses, as numbers. */
  interfaceAddresses: readonly number[];
  /** The address it was sent to (255.255.255.255 for a broadcast). */
  destination: string;
  /** The local address a reply would come from (IP_PKTINFO ipi_spec_dst). */
  localAddress: string;
}

/** Changes a verdict asks for; the shell applies them, leases durably before any reply. */
export type Effect =
  | { kind: 'lease'; lease: Lease }
  | { kind: 'hold'; offer: Offer }
  | { kind: 'drop-offer'; address: number }
  | { kind: 'probe'; address: number };

export type Verdict =
  | { kind: 'reply'; reply: DhcpMessage; effects: Effect[] }
  /** Handled, and by design unanswered (DHCPRELEASE, DHCPDECLINE: RFC 2131 §4.3.3-4). */
  | { kind: 'accept'; effects: Effect[] }
  | { kind: 'drop'; reason: DropReason; detail: string; effects?: Effect[] }
  /** A conflict probe on this address is still out: ask again when it settles. */
  | { kind: 'wait-probe'; address: number };

export type ProbeStatus = 'clear' | 'in-use' | 'pending' | 'unknown';

/** Everything policy reads. Nothing here writes a socket or the database. */
export interface PolicyEnv {
  config: DhcpConfig;
  settings: Settings;
  leases: LeaseTable;
  allocator: Allocator;
  probeStatus(address: number): ProbeStatus;
  boot: BootAnswerProvider | undefined;
  /** Memos kept between requests, owned by the server. */
  caches: PolicyCaches;
  /** Unix ms. */
  now: number;
}

/** A request once the chain has identified client, subnet and server identity. */
export interface Exchange {
  rx: Received;
  m: DhcpMessage;
  type: MessageTypeName;
  clientKey: string;
  mac: string;
  clientId: string;
  giaddr: number;
  subnet: Subnet;
  /** Our identifier (option 54) for this exchange. */
  serverId: string;
  reservation: Reservation | undefined;
  /** Addresses never handed out here: ours and the routers'. */
  excluded: ReadonlySet<number>;
}

export const drop = (reason: DropReason, detail: string, effects?: Effect[]): Verdict =>
  effects ? { kind: 'drop', reason, detail, effects } : { kind: 'drop', reason, detail };
