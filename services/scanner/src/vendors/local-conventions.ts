/**
 * Locally administered MACs (IEEE 802 §8.4: the U/L bit, 0x02 of the first octet) have no
 * registrant, but some prefixes are well-known conventions of virtualisation tools. They are
 * labelled as such, never as an organisation: anyone may use them.
 */
const CONVENTIONS: ReadonlyArray<readonly [prefix: string, note: string]> = [
  ['525400', 'QEMU/KVM virtual NIC (libvirt default)'],
  ['0242', 'Docker container'],
  ['0A0027', 'VirtualBox host-only adapter'],
  ['FE54', 'libvirt tap device'],
];

/** True when the U/L bit says the address was assigned locally. */
export function isLocallyAdministered(firstOctet: number): boolean {
  return (firstOctet & 0x02) !== 0;
}

/** True for group (multicast and broadcast) addresses: the I/G bit. */
export function isMulticast(firstOctet: number): boolean {
  return (firstOctet & 0x01) !== 0;
}

/** A note for a well-known locally administered prefix, or undefined. */
export function localConvention(digits: string): string | undefined {
  return CONVENTIONS.find(([prefix]) => digits.startsWith(prefix))?.[1];
}
