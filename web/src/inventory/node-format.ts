import {
  AddressSource,
  Firmware,
  LifecycleState,
  type Node,
  PowerState,
} from '@paddock/proto/inventory/v1/inventory.ts';

/** How the console names the inventory's states; each has a CSS class of its own. */
const STATES: Record<number, string> = {
  [LifecycleState.LIFECYCLE_STATE_DISCOVERED]: 'discovered',
  [LifecycleState.LIFECYCLE_STATE_BOOTING]: 'booting',
  [LifecycleState.LIFECYCLE_STATE_READY]: 'ready',
  [LifecycleState.LIFECYCLE_STATE_OFF]: 'off',
  [LifecycleState.LIFECYCLE_STATE_FAILED]: 'failed',
  [LifecycleState.LIFECYCLE_STATE_MAINTENANCE]: 'maintenance',
  [LifecycleState.LIFECYCLE_STATE_RETIRED]: 'retired',
};

export const stateLabel = (s: LifecycleState | undefined) => STATES[s ?? 0] ?? 'unknown';

export function powerLabel(s: PowerState | undefined): string {
  return s === PowerState.POWER_STATE_ON ? 'on' : s === PowerState.POWER_STATE_OFF ? 'off' : 'unknown';
}

/** "on", or "off → on" while the reconciler works towards the desired state. */
export function powerSummary(n: Node): string {
  const observed = powerLabel(n.power?.observed);
  const desired = n.power?.desired ?? PowerState.POWER_STATE_UNSPECIFIED;
  if (desired === PowerState.POWER_STATE_UNSPECIFIED || desired === n.power?.observed) return observed;
  return `${observed} → ${powerLabel(desired)}`;
}

export function archLabel(n: Node): string {
  const fw = n.firmware === Firmware.FIRMWARE_BIOS ? 'BIOS' : n.firmware === Firmware.FIRMWARE_UEFI ? 'UEFI' : '';
  return [n.architecture, fw].filter(Boolean).join(' · ') || '—';
}

const SOURCES: Record<number, string> = {
  [AddressSource.ADDRESS_SOURCE_DHCP]: 'DHCP',
  [AddressSource.ADDRESS_SOURCE_SCAN]: 'scan',
  [AddressSource.ADDRESS_SOURCE_BOOT]: 'boot',
  [AddressSource.ADDRESS_SOURCE_STATIC]: 'static',
};

export const addressSourceLabel = (s: AddressSource) => SOURCES[s] ?? '';

/** The address people want first: the newest DHCP lease, else the newest of any kind. */
export function primaryAddress(n: Node): string {
  return (n.addresses.find((a) => a.source === AddressSource.ADDRESS_SOURCE_DHCP) ?? n.addresses[0])?.ip ?? '—';
}
