import { type DhcpMessage, getOption, OPTION, setOption, textField, withOption } from '@paddock/dhcp-codec';
import type { BootAnswer } from './answer.ts';
import type { NetbootClient } from './client.ts';

/**
 * PXE 2.1 §2.2.3 option 43 sub-option 6, PXE_DISCOVERY_CONTROL = 0x08: "the boot file in this
 * offer is the one to load", so firmware neither prompts nor runs boot server discovery.
 */
const PXE_DISCOVERY_CONTROL = Uint8Array.of(6, 1, 0x08, 255);
/**
 * What the Raspberry Pi bootloader looks for before it uses siaddr (as dnsmasq's
 * `pxe-service=0,"Raspberry Pi Boot"` sends it): option 43 with discovery control 3, a menu
 * prompt and a boot menu entry whose text is "Raspberry Pi Boot". Without it the Pi takes
 * its TFTP server only from option 66, which must then be a dotted quad (it has no resolver).
 */
const RPI_MENU = 'Raspberry Pi Boot';
const RPI_PXE = Uint8Array.of(
  ...[6, 1, 3],
  ...[10, 4, 0, ...Buffer.from('PXE')],
  ...[9, 3 + RPI_MENU.length, 0, 0, RPI_MENU.length, ...Buffer.from(RPI_MENU)],
  255,
);
/** iPXE option 175 sub-option 176 (no-pxedhcp) = 1. */
const IPXE_NO_PXEDHCP = Uint8Array.of(176, 1, 1);

export interface BootReplyContext {
  /** Our address as the client reaches it: siaddr unless the answer names a next server. */
  serverAddress: string;
  /**
   * A proxyDHCP offer (PXE 2.1 §2.2.3) rather than the lease's own OFFER/ACK: then every PXE
   * client, iPXE too, needs option 60 "PXEClient" to take it, and gets its GUID back (97).
   */
  proxy: boolean;
  /** The client's option 97, echoed in proxy replies. */
  clientGuid?: Uint8Array | undefined;
}

/**
 * The boot part of a DHCP reply, one way for the DHCP service and the proxyDHCP: siaddr, the
 * file field, options 60, 43 or 175, 67, and 66/sname. Everything else in `reply` is kept.
 */
export function withBootAnswer(
  reply: DhcpMessage,
  c: NetbootClient,
  a: BootAnswer,
  ctx: BootReplyContext,
): DhcpMessage {
  const file = a.kind === 'tftp' ? a.bootFile : a.httpUrl;
  const siaddr = a.kind === 'tftp' ? (a.nextServer ?? ctx.serverAddress) : ctx.serverAddress;
  let out: DhcpMessage = { ...reply, siaddr, file: fileField(file) };
  if (c.ipxe && !ctx.proxy) {
    // iPXE takes an offer with option 60 "PXEClient" for a PXE offer and then asks port 4011
    // four times (~4 s) for a boot server; its setting 176 (no-pxedhcp) = 1 says the file here
    // is all there is, and also ends its ~3 s wait for proxyDHCP offers.
    out = { ...out, options: withOption(out.options, OPTION.ipxe.code, IPXE_NO_PXEDHCP) };
  } else {
    // UEFI 2.x §24.7: an HTTP boot offer echoes vendor class "HTTPClient". Option 60
    // "PXEClient" marks a PXE offer; with it, option 43 sub-option 6 bit 3 says the boot file
    // in it is the one to load (without 43, EDK2 asks port 4011 for a boot server).
    const vendorClass = c.family === 'HTTPClient' ? 'HTTPClient' : (a.vendorClass ?? defaultVendorClass(c));
    out = setOption(out, OPTION.vendorClass, vendorClass);
    if (c.arch === 'rpi' && a.kind === 'tftp') {
      out = { ...out, options: withOption(out.options, OPTION.vendorSpecific.code, RPI_PXE) };
      if (!a.serverName) out = setOption(out, OPTION.tftpServerName, siaddr);
    } else if (vendorClass === 'PXEClient' && (a.kind === 'tftp' || ctx.proxy))
      out = { ...out, options: withOption(out.options, OPTION.vendorSpecific.code, PXE_DISCOVERY_CONTROL) };
  }
  out = setOption(out, OPTION.bootfileName, file);
  // PXE 2.1 §2.2.3: the proxy's reply carries the client's GUID (option 97) back.
  if (ctx.proxy && ctx.clientGuid)
    out = { ...out, options: withOption(out.options, OPTION.clientGuid.code, ctx.clientGuid) };
  if (a.kind === 'tftp' && a.serverName)
    out = setOption({ ...out, sname: textField(a.serverName) }, OPTION.tftpServerName, a.serverName);
  return out;
}

const defaultVendorClass = (c: NetbootClient) => (c.firmware === 'http' ? 'HTTPClient' : 'PXEClient');

/** The 128-byte file field holds what fits with its NUL (RFC 951); option 67 carries the whole name. */
function fileField(name: string): Uint8Array {
  const bytes = textField(name);
  return bytes.length < 128 ? bytes : new Uint8Array(0);
}

/** The client's option 97 bytes, for BootReplyContext.clientGuid. */
export const clientGuidBytes = (m: DhcpMessage) => getOption(m.options, OPTION.clientGuid.code);
