import type { Hardware } from './hardware.ts';

/**
 * The inventory's own model of a machine: plain data (milliseconds as numbers, states as
 * string unions) that the pure rules, the stores and the API conversions share. It is kept
 * apart from the generated proto types so the rules read without protobuf's zero values.
 */

export const LIFECYCLE_STATES = ['discovered', 'booting', 'ready', 'off', 'failed', 'maintenance', 'retired'] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

/** Where an observation or a change came from, kept in the lifecycle history. */
export type Source = 'api' | 'dhcp' | 'boot' | 'scanner' | 'power' | 'inventory' | 'keys';

export interface LifecycleEntry {
  state: LifecycleState;
  at: number;
  reason: string;
  source: Source;
}

export interface Lifecycle {
  state: LifecycleState;
  since: number;
  /** Oldest first, at most HISTORY_LIMIT entries. */
  history: LifecycleEntry[];
}

export type PowerState = 'on' | 'off' | 'unknown';
export type PowerAction = 'on' | 'off' | 'reboot';

export interface Power {
  /** 'unknown' means no opinion: the reconciler leaves the machine alone. */
  desired: PowerState;
  observed: PowerState;
  observedAt: number;
  lastError: string;
  failures: number;
  /** 0 when the reconciler is not backing off. */
  nextAttemptAt: number;
  changedAt: number;
}

export type AddressSource = 'dhcp' | 'scan' | 'boot' | 'static';

export interface Address {
  ip: string;
  mac: string;
  source: AddressSource;
  updatedAt: number;
  /** DHCP lease end; 0 otherwise. */
  expiresAt: number;
}

export interface Nic {
  mac: string;
  vendor: string;
}

export type Firmware = 'bios' | 'uefi' | '';

export interface ProviderSpec {
  name: string;
  options: Record<string, string>;
}

export interface Node {
  id: string;
  name: string;
  labels: Record<string, string>;
  nics: Nic[];
  /** Newest first. */
  addresses: Address[];
  architecture: string;
  firmware: Firmware;
  vendor: string;
  provider: ProviderSpec;
  power: Power;
  lifecycle: Lifecycle;
  bootRule: string;
  description: string;
  createdAt: number;
  updatedAt: number;
  lastSeenAt: number;
  /** Set by the store on every write. */
  revision: bigint;
  /** What its node image last reported; absent before the first report (and in older stores). */
  hardware?: Hardware;
}

export const HISTORY_LIMIT = 100;
export const ADDRESS_LIMIT = 16;

export function initialPower(now: number): Power {
  return {
    desired: 'unknown',
    observed: 'unknown',
    observedAt: 0,
    lastError: '',
    failures: 0,
    nextAttemptAt: 0,
    changedAt: now,
  };
}

/** The MACs of a node, lower case, in NIC order. */
export function macsOf(node: Node): string[] {
  return node.nics.map((n) => n.mac);
}
