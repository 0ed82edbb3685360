import { readFileSync } from 'node:fs';

/** Loads a captured datagram stored as hex lines (see README.md here). */
export function fixture(name: string): Uint8Array {
  const hex = readFileSync(new URL(`./${name}.hex`, import.meta.url), 'utf8').replace(/\s+/g, '');
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
}

export const FIXTURES = [
  'udhcpc-discover',
  'dhclient-discover',
  'dhclient-request',
  'dhcpcd-discover',
  'ipxe-bios-discover',
] as const;
