import { type DhcpMessage, OPTION, readOption, type UserClass } from '@paddock/dhcp-codec';
import { bytesToHex } from '@paddock/wire';

/**
 * What a machine asking to boot says about itself (RFC 4578 options 93, 97; 60; 77), as the
 * DHCP service, the proxyDHCP and the boot service's preview all read it. One shape for all of
 * them, so that no side re-encodes a field the other then parses differently.
 */
export interface BootRequest {
  /** aa:bb:cc:dd:ee:ff */
  mac: string;
  /** First option 93 value (0 BIOS, 7 and 9 EFI x64, 16 EFI x64 HTTP); undefined when absent. */
  arch?: number | undefined;
  /** Option 77, one entry per class: ["iPXE"] from iPXE, several in RFC 3004 form. */
  userClasses?: readonly string[] | undefined;
  /** Option 60, e.g. "PXEClient:Arch:00007:UNDI:003000" or "HTTPClient:Arch:00016:UNDI:003000". */
  vendorClass?: string | undefined;
  /** iPXE's own option 175 was present: iPXE says who it is there too. */
  ipxeOptions?: boolean | undefined;
  /** Option 97 (RFC 4578 §2.3), as text. */
  clientGuid?: string | undefined;
  /** The machine's address when it has one (4011 requests, HTTP fetches). */
  ip?: string | undefined;
  /** The DHCP subnet the request came from, when the DHCP service asks. */
  subnetId?: string | undefined;
}

/**
 * Option 77's classes. RFC 3004 §4 gives a list of (length, class) items; iPXE and many PXE
 * ROMs send one plain string instead ("iPXE"), which is one class.
 */
export function userClassList(u: UserClass | undefined): readonly string[] | undefined {
  if (!u) return undefined;
  return u.format === 'plain' ? [u.text] : u.classes;
}

const colonMac = (chaddr: Uint8Array) => bytesToHex(chaddr.subarray(0, 6));

/** The boot-relevant facts of a DHCP message. */
export function requestFromDhcp(m: DhcpMessage): BootRequest {
  return {
    mac: colonMac(m.chaddr),
    arch: readOption(m, OPTION.clientArch)?.[0],
    userClasses: userClassList(readOption(m, OPTION.userClass)),
    vendorClass: readOption(m, OPTION.vendorClass),
    ipxeOptions: readOption(m, OPTION.ipxe) !== undefined,
    clientGuid: readOption(m, OPTION.clientGuid),
    ip: m.ciaddr !== '0.0.0.0' ? m.ciaddr : undefined,
  };
}
