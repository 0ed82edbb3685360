import { type DhcpMessage, OPTION, readOption, type UserClass } from '@paddock/dhcp';
import { bytesToHex } from '@paddock/wire';
import { type ArchName, archOf, isHttpArch } from './arch.ts';

/** What the boot service needs to know about a machine asking to boot. */
export interface BootRequest {
  /** aa:bb:cc:dd:ee:ff */
  mac: string;
  /** Raw option 93 value; undefined when the client sent none. */
  arch?: number | undefined;
  /** Option 77 as text; "iPXE" once iPXE runs. */
  userClass?: string | undefined;
  /** Option 60, e.g. "PXEClient:Arch:00007:UNDI:003000" or "HTTPClient:Arch:00016:UNDI:003000". */
  vendorClass?: string | undefined;
  /** The machine's address when it has one (4011 requests, HTTP fetches). */
  ip?: string | undefined;
  /** Inventory labels, when the caller knows them. */
  labels?: Record<string, string> | undefined;
  /** The rule the inventory names for the machine, when the caller knows it. */
  bootRule?: string | undefined;
}

/** A BootRequest with its facts worked out once. */
export interface BootClient {
  mac: string;
  arch: ArchName;
  archValue: number | undefined;
  ipxe: boolean;
  /** Which boot protocol the firmware speaks: TFTP PXE, UEFI HTTP boot, or none stated. */
  firmware: 'pxe' | 'http' | 'unknown';
  ip: string | undefined;
  labels: Record<string, string>;
  /** The rule the inventory names for the machine; '' for the normal rule order. */
  bootRule: string;
}

/**
 * iPXE sends user class "iPXE" (option 77) from every build, ROM or chainloaded: the signal that
 * breaks the chainload loop (iPXE docs, "chainloading"). The plain and RFC 3004 forms both count.
 */
export function isIpxeUserClass(userClass: string | undefined): boolean {
  return userClass === 'iPXE' || (userClass?.split('\u0000').includes('iPXE') ?? false);
}

export function describeClient(r: BootRequest): BootClient {
  const arch = archOf(r.arch);
  const vc = r.vendorClass ?? '';
  // UEFI HTTP boot says HTTPClient in option 60 (UEFI 2.x §24.7.2) and 15/16/19 in option 93.
  const firmware =
    vc.startsWith('HTTPClient') || isHttpArch(arch) ? 'http' : vc.startsWith('PXEClient') ? 'pxe' : 'unknown';
  return {
    mac: r.mac.toLowerCase(),
    arch,
    archValue: r.arch,
    ipxe: isIpxeUserClass(r.userClass),
    firmware,
    ip: r.ip,
    labels: r.labels ?? {},
    bootRule: r.bootRule ?? '',
  };
}

function userClassText(u: UserClass | undefined): string | undefined {
  if (!u) return undefined;
  return u.format === 'plain' ? u.text : u.classes.join('\u0000');
}

const colonMac = (chaddr: Uint8Array) => bytesToHex(chaddr.subarray(0, 6));

/** The boot-relevant facts of a DHCP message (RFC 4578 options 93, 60, 77). */
export function requestFromDhcp(m: DhcpMessage): BootRequest {
  return {
    mac: colonMac(m.chaddr),
    arch: readOption(m, OPTION.clientArch)?.[0],
    userClass: userClassText(readOption(m, OPTION.userClass)),
    vendorClass: readOption(m, OPTION.vendorClass),
    ip: m.ciaddr !== '0.0.0.0' ? m.ciaddr : undefined,
  };
}
