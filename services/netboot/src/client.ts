import { type ArchName, archOf, isHttpArch } from './arch.ts';
import type { BootRequest } from './request.ts';

/** The two kinds of network-boot firmware option 60 names (PXE 2.1 §2.2.3, UEFI 2.x §24.7.2). */
export type VendorFamily = 'PXEClient' | 'HTTPClient';

/** A BootRequest with its facts worked out once: which firmware, which architecture, iPXE or not. */
export interface NetbootClient {
  mac: string;
  arch: ArchName;
  archValue: number | undefined;
  ipxe: boolean;
  /** Which boot protocol the firmware speaks: TFTP PXE, UEFI HTTP boot, or none stated. */
  firmware: 'pxe' | 'http' | 'unknown';
  /** What option 60 said, when it named a boot family. */
  family: VendorFamily | undefined;
}

export function vendorFamily(vendorClass: string | undefined): VendorFamily | undefined {
  if (vendorClass?.startsWith('PXEClient')) return 'PXEClient';
  if (vendorClass?.startsWith('HTTPClient')) return 'HTTPClient';
  return undefined;
}

/**
 * RFC 4578 §2.1 / PXE 2.1: a netboot client sends option 60 "PXEClient..." (or UEFI's
 * "HTTPClient...") and option 93; an operating system's DHCP client sends neither.
 */
export function isNetbootRequest(r: Pick<BootRequest, 'vendorClass' | 'arch'>): boolean {
  return vendorFamily(r.vendorClass) !== undefined || r.arch !== undefined;
}

/**
 * iPXE sends user class "iPXE" (option 77) from every build, ROM or chainloaded, and its own
 * option 175: the signal that breaks the chainload loop (iPXE docs, "chainloading"). Any one of
 * several RFC 3004 classes counts.
 */
export function isIpxe(r: Pick<BootRequest, 'userClasses' | 'ipxeOptions'>): boolean {
  return (r.userClasses?.includes('iPXE') ?? false) || r.ipxeOptions === true;
}

export function describeNetboot(r: BootRequest): NetbootClient {
  const arch = archOf(r.arch);
  const family = vendorFamily(r.vendorClass);
  // UEFI HTTP boot says HTTPClient in option 60 (UEFI 2.x §24.7.2) and 15/16/19 in option 93.
  const firmware = family === 'HTTPClient' || isHttpArch(arch) ? 'http' : family === 'PXEClient' ? 'pxe' : 'unknown';
  return { mac: r.mac.toLowerCase(), arch, archValue: r.arch, ipxe: isIpxe(r), firmware, family };
}
