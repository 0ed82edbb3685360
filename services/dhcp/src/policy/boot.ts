import { type DhcpMessage, OPTION, readOption, setOption, textField, withOption } from '../codec/index.ts';
import type { BootSettingDoc } from '../config/schema.ts';
import type { Exchange } from './types.ts';

/** What a network-booting client asked with (RFC 4578 options 93, 77, 60, 97). */
export interface BootRequest {
  mac: string;
  /** First option 93 value (0 BIOS, 7 and 9 EFI x64, 16 EFI x64 HTTP); undefined when absent. */
  arch: number | undefined;
  /** Option 77 as text ("iPXE" for iPXE), or undefined. */
  userClass: string | undefined;
  vendorClass: string | undefined;
  clientGuid: string | undefined;
  subnetId: string;
}

/**
 * A TFTP boot (siaddr + file), or a URL as the boot file (UEFI HTTP boot, or iPXE fetching a
 * script). vendorClass is what option 60 in the reply says; by default "HTTPClient" to an
 * HTTP boot client and "PXEClient" to the rest. The boot service's answers fit this shape.
 */
export type BootAnswer =
  | { nextServer?: string; bootFile: string; serverName?: string; vendorClass?: string }
  | { httpUrl: string; vendorClass?: string };

/**
 * The boot service's rules, given to the DHCP module by `paddock up` so that they live in one
 * place. Per-subnet boot settings, when a subnet has any, win over it.
 */
export type BootAnswerProvider = (request: BootRequest) => BootAnswer | undefined;

export function bootRequest(ex: Exchange): BootRequest | undefined {
  const vendorClass = readOption(ex.m, OPTION.vendorClass);
  const arch = readOption(ex.m, OPTION.clientArch)?.[0];
  // RFC 4578 §2.1 / PXE 2.1: a netboot client sends 60 "PXEClient..." (or UEFI's "HTTPClient...")
  // and 93; an OS's DHCP client sends neither and gets no boot answer.
  if (!/^(PXEClient|HTTPClient)/.test(vendorClass ?? '') && arch === undefined) return undefined;
  const uc = readOption(ex.m, OPTION.userClass);
  return {
    mac: ex.mac,
    arch,
    userClass: uc ? (uc.format === 'plain' ? uc.text : uc.classes.join(',')) : undefined,
    vendorClass,
    clientGuid: readOption(ex.m, OPTION.clientGuid),
    subnetId: ex.subnet.id,
  };
}

const isHttpClient = (r: BootRequest) => r.vendorClass?.startsWith('HTTPClient') ?? false;
/** iPXE says so in option 77 (and sends option 175). */
/** PXE 2.1 §2.2.3 option 43 sub-option 6 (PXE_DISCOVERY_CONTROL) = 0x08: boot the file in this offer. */
const PXE_DISCOVERY_CONTROL = Uint8Array.of(6, 1, 0x08, 255);
/** iPXE option 175 sub-option 176 (no-pxedhcp) = 1. */
const IPXE_NO_PXEDHCP = Uint8Array.of(176, 1, 1);

const isIpxe = (r: BootRequest, m: DhcpMessage) => r.userClass === 'iPXE' || readOption(m, OPTION.ipxe) !== undefined;

/** The first setting of the subnet matching the client's architecture, as an answer. */
export function answerFromSettings(
  settings: readonly BootSettingDoc[],
  r: BootRequest,
  m: DhcpMessage,
): BootAnswer | undefined {
  for (const s of settings) {
    if (s.architectures.length > 0 && (r.arch === undefined || !s.architectures.includes(r.arch))) continue;
    if (isHttpClient(r)) {
      if (s.httpUrl) return { httpUrl: s.httpUrl };
      continue;
    }
    // Without this, iPXE chainloaded by the PXE ROM would be handed itself again, forever.
    const bootFile = isIpxe(r, m) && s.ipxeBootFile ? s.ipxeBootFile : s.bootFile;
    if (!bootFile) continue;
    return {
      bootFile,
      ...(s.nextServer && { nextServer: s.nextServer }),
      ...(s.serverName && { serverName: s.serverName }),
    };
  }
  return undefined;
}

/**
 * Adds the boot answer to an OFFER or ACK, or leaves the reply alone (booting is then the boot
 * service's proxyDHCP's business, PXE spec §2.2.3).
 */
export function withBoot(reply: DhcpMessage, ex: Exchange, provider: BootAnswerProvider | undefined): DhcpMessage {
  const r = bootRequest(ex);
  if (!r) return reply;
  const answer = ex.subnet.boot.length > 0 ? answerFromSettings(ex.subnet.boot, r, ex.m) : provider?.(r);
  if (!answer) return reply;
  if ('httpUrl' in answer) {
    const out = { ...reply, file: fileField(answer.httpUrl) };
    // iPXE fetching its script by URL: option 60 "PXEClient" here would send it to port 4011
    // of this server four times (~4 s, seen in the QEMU suite), so no-pxedhcp as below.
    if (isIpxe(r, ex.m)) return setOption(noPxeDhcp(out), OPTION.bootfileName, answer.httpUrl);
    // UEFI 2.x §24.7: an HTTP boot offer echoes vendor class "HTTPClient" and gives a URL as file.
    const vendorClass = answer.vendorClass ?? (isHttpClient(r) ? 'HTTPClient' : 'PXEClient');
    return setOption(setOption(out, OPTION.vendorClass, vendorClass), OPTION.bootfileName, answer.httpUrl);
  }
  const siaddr = answer.nextServer ?? ex.serverId;
  let out: DhcpMessage = { ...reply, siaddr, file: fileField(answer.bootFile) };
  if (isIpxe(r, ex.m)) {
    out = noPxeDhcp(out);
  } else {
    // Firmware PXE: option 60 "PXEClient" marks a PXE offer, and option 43 sub-option 6 bit 3
    // (PXE 2.1 §2.2.3) says the boot file in it is the one to load. Without 43, EDK2's PXE
    // client treats the offer as needing boot server discovery and asks port 4011.
    out = setOption(out, OPTION.vendorClass, answer.vendorClass ?? 'PXEClient');
    out = { ...out, options: withOption(out.options, OPTION.vendorSpecific.code, PXE_DISCOVERY_CONTROL) };
  }
  out = setOption(out, OPTION.bootfileName, answer.bootFile);
  if (answer.serverName)
    out = setOption({ ...out, sname: textField(answer.serverName) }, OPTION.tftpServerName, answer.serverName);
  return out;
}

/**
 * iPXE takes an offer with option 60 "PXEClient" for a PXE offer and then asks port 4011 four
 * times (~4 s) for a boot server; iPXE's own setting 176 (no-pxedhcp) = 1 tells it the file here
 * is all there is, and also ends its ~3 s wait for proxyDHCP offers.
 */
function noPxeDhcp(reply: DhcpMessage): DhcpMessage {
  return { ...reply, options: withOption(reply.options, OPTION.ipxe.code, IPXE_NO_PXEDHCP) };
}

/** The 128-byte file field holds what fits; option 67 always carries the whole name. */
function fileField(name: string): Uint8Array {
  const bytes = textField(name);
  return bytes.length < 128 ? bytes : new Uint8Array(0);
}
