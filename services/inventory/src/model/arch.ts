import type { Firmware } from './node.ts';

/**
 * What DHCP option 93 (RFC 4578 §2.1, IANA "Processor Architecture Types") says about a
 * machine. BIOS PXE (type 0) cannot tell 32 from 64 bit, so it reads as "x86"; the booted
 * system's own `uname -m` (sent when it phones home) is more exact and wins.
 */
const TYPES: Record<number, { architecture: string; firmware: Firmware }> = {
  0: { architecture: 'x86', firmware: 'bios' },
  6: { architecture: 'x86', firmware: 'uefi' },
  7: { architecture: 'x86_64', firmware: 'uefi' },
  9: { architecture: 'x86_64', firmware: 'uefi' },
  10: { architecture: 'arm', firmware: 'uefi' },
  11: { architecture: 'arm64', firmware: 'uefi' },
  15: { architecture: 'x86', firmware: 'uefi' },
  16: { architecture: 'x86_64', firmware: 'uefi' },
  18: { architecture: 'arm', firmware: 'uefi' },
  19: { architecture: 'arm64', firmware: 'uefi' },
};

export function fromClientArch(type: number): { architecture: string; firmware: Firmware } | undefined {
  return TYPES[type];
}

/** `uname -m` names as the inventory shows them ("aarch64" is arm64, as Debian calls it). */
export function normalizeArchitecture(text: string): string {
  const t = text.trim().toLowerCase();
  if (t === 'aarch64') return 'arm64';
  if (t === 'amd64') return 'x86_64';
  if (/^i[3-6]86$/.test(t)) return 'x86';
  return /^[a-z0-9_]{1,16}$/.test(t) ? t : '';
}
