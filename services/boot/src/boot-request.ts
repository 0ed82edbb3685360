import { describeNetboot, type NetbootClient, type BootRequest as NetbootRequest } from '@paddock/netboot';

/** What the boot service needs to know about a machine asking to boot. */
export interface BootRequest extends NetbootRequest {
  /** Inventory labels, when the caller knows them. */
  labels?: Record<string, string> | undefined;
  /** The rule the inventory names for the machine, when the caller knows it. */
  bootRule?: string | undefined;
}

/** A BootRequest with its facts worked out once (the netboot model), and the inventory's. */
export interface BootClient extends NetbootClient {
  ip: string | undefined;
  labels: Record<string, string>;
  /** The rule the inventory names for the machine; '' for the normal rule order. */
  bootRule: string;
}

export function describeClient(r: BootRequest): BootClient {
  return { ...describeNetboot(r), ip: r.ip, labels: r.labels ?? {}, bootRule: r.bootRule ?? '' };
}
