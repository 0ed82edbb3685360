/**
 * Client architectures from DHCP option 93 (RFC 4578 §2.1; values from IANA's "Processor
 * Architecture Types" registry, which RFC 5970 and the UEFI HTTP boot spec extend), folded to
 * the families whose boot files differ. Names are what rules use in YAML and on the CLI.
 */
export const ARCH_NAMES = [
  'bios',
  'efi-ia32',
  'efi-x64',
  'efi-arm32',
  'efi-arm64',
  'efi-ia32-http',
  'efi-x64-http',
  'efi-arm32-http',
  'efi-arm64-http',
  'other',
  // Appended after 'other': the API's ClientArch numbers follow this order.
  'rpi',
] as const;

export type ArchName = (typeof ARCH_NAMES)[number];

const BY_VALUE: Record<number, ArchName> = {
  0: 'bios',
  6: 'efi-ia32',
  // 7 is "EFI BC" and 9 "EFI x86-64"; firmware in the wild sends both for x86-64 UEFI.
  7: 'efi-x64',
  9: 'efi-x64',
  10: 'efi-arm32',
  11: 'efi-arm64',
  15: 'efi-ia32-http',
  16: 'efi-x64-http',
  18: 'efi-arm32-http',
  19: 'efi-arm64-http',
  // 0x29 "arm rpiboot": the Raspberry Pi bootloader (older Pi 4 EEPROMs send 0, as BIOS does).
  41: 'rpi',
};

/** The family of an option 93 value; a client without option 93 is an old BIOS PXE ROM. */
export function archOf(value: number | undefined): ArchName {
  if (value === undefined) return 'bios';
  return BY_VALUE[value] ?? 'other';
}

/** UEFI HTTP boot clients want a URL as their boot file, not a TFTP name. */
export function isHttpArch(arch: ArchName): boolean {
  return arch.endsWith('-http');
}

export function isArchName(text: string): text is ArchName {
  return (ARCH_NAMES as readonly string[]).includes(text);
}

/** The option 93 value a name stands for (the first, for families with several). */
export function archValue(arch: ArchName): number | undefined {
  const found = Object.entries(BY_VALUE).find(([, name]) => name === arch);
  return found ? Number(found[0]) : undefined;
}
