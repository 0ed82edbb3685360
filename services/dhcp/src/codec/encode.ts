import { ByteWriter } from '@paddock/wire';
import { dottedQuad } from './dotted-quad.ts';
import {
  BOOTP_MINIMUM_LENGTH,
  type DhcpMessage,
  FILE_LENGTH,
  FIXED_HEADER_LENGTH,
  MAGIC_COOKIE,
  SNAME_LENGTH,
} from './message.ts';
import { instanceSize, writeOptionAreaTo } from './option-area.ts';
import { type DhcpOption, OPTION_OVERLOAD, splitInstances } from './option-list.ts';
import type { Encoded } from './reason.ts';
import { validateMessage } from './validate.ts';

/** RFC 2131 §2: every client accepts a 576-byte IP datagram, i.e. a 548-byte DHCP message. */
export const DEFAULT_MAX_LENGTH = 576 - 28;
const IP_UDP_HEADERS = 28;
const LINK_MTU = 1500;

/**
 * The largest reply a client accepts, from its option 57 (RFC 2132 §9.10, minimum 576). Read as
 * the IP datagram size (as ISC dhcpd does), the safe reading for clients that mean the DHCP
 * payload; capped at an Ethernet MTU because the client has no address to reassemble with.
 */
export function maxReplyLength(clientMaxMessageSize?: number): number {
  const size = Math.min(Math.max(clientMaxMessageSize ?? 576, 576), LINK_MTU);
  return size - IP_UDP_HEADERS;
}

export interface EncodeOptions {
  /** Largest datagram to produce (DHCP payload bytes); see maxReplyLength. Default 548. */
  maxLength?: number;
}

interface Placement {
  main: DhcpOption[];
  file?: DhcpOption[];
  sname?: DhcpOption[];
}

/**
 * Encodes a message: option 53 first (old PXE ROMs look only there), values over 255 bytes
 * split per RFC 3396, End, and zero padding to the 300-byte BOOTP minimum. When the options do
 * not fit `maxLength`, spills them into empty file/sname fields with option 52 (RFC 2131 §4.1).
 */
export function encodeMessage(m: DhcpMessage, opts: EncodeOptions = {}): Encoded {
  const bad = validateMessage(m);
  if (bad) return { ok: false, reason: { code: 'bad-field', detail: bad } };
  const type = m.options.find((o) => o.code === 53);
  if (!type) return { ok: false, reason: { code: 'missing-message-type', detail: 'no option 53' } };
  const ordered = [type, ...m.options.filter((o) => o.code !== 53)].flatMap(splitInstances);
  const maxLength = opts.maxLength ?? DEFAULT_MAX_LENGTH;
  const placed = place(ordered, maxLength - FIXED_HEADER_LENGTH - 4, m);
  if (typeof placed === 'string') return { ok: false, reason: { code: 'does-not-fit', detail: placed } };
  const overload = (placed.file ? 1 : 0) | (placed.sname ? 2 : 0);
  const main = overload ? [{ code: OPTION_OVERLOAD, data: Uint8Array.of(overload) }, ...placed.main] : placed.main;
  const w = new ByteWriter(Math.max(maxLength, BOOTP_MINIMUM_LENGTH));
  w.u8(m.op).u8(m.htype).u8(m.hlen).u8(m.hops).u32(m.xid).u16(m.secs).u16(m.flags);
  // validateMessage has checked the four addresses, so dottedQuad cannot answer -1 here.
  w.u32(dottedQuad(m.ciaddr)).u32(dottedQuad(m.yiaddr)).u32(dottedQuad(m.siaddr)).u32(dottedQuad(m.giaddr));
  w.bytes(m.chaddr).zeros(16 - m.chaddr.length);
  if (placed.sname) writeOptionAreaTo(w, placed.sname, SNAME_LENGTH);
  else w.bytes(m.sname).zeros(SNAME_LENGTH - m.sname.length);
  if (placed.file) writeOptionAreaTo(w, placed.file, FILE_LENGTH);
  else w.bytes(m.file).zeros(FILE_LENGTH - m.file.length);
  w.u32(MAGIC_COOKIE);
  writeOptionAreaTo(w, main);
  if (w.length < BOOTP_MINIMUM_LENGTH) w.zeros(BOOTP_MINIMUM_LENGTH - w.length);
  return { ok: true, bytes: w.finish() };
}

/**
 * First fit: each instance goes to the first area with room, except that the instances of one
 * split option never go back to an earlier area, since RFC 3396 §5 joins them options → file →
 * sname. Other options may land out of order; no RFC gives option order a meaning.
 */
function place(instances: DhcpOption[], mainRoom: number, m: DhcpMessage): Placement | string {
  const need = instances.reduce((n, o) => n + instanceSize(o), 0);
  if (need + 1 <= mainRoom) return { main: instances };
  const areas: { name: keyof Placement; room: number; list: DhcpOption[] }[] = [
    { name: 'main', room: mainRoom - 1 - 3, list: [] },
  ];
  if (m.file.length === 0) areas.push({ name: 'file', room: FILE_LENGTH - 1, list: [] });
  if (m.sname.length === 0) areas.push({ name: 'sname', room: SNAME_LENGTH - 1, list: [] });
  let lastCode = -1;
  let from = 0;
  for (const o of instances) {
    if (o.code !== lastCode) from = 0;
    lastCode = o.code;
    const at = areas.findIndex((a, i) => i >= from && a.room >= instanceSize(o));
    if (at < 0) return `options need ${need + 1} bytes; ${mainRoom} fit in a ${mainRoom + 240}-byte message`;
    areas[at]!.list.push(o);
    areas[at]!.room -= instanceSize(o);
    from = at;
  }
  const out: Placement = { main: areas[0]!.list };
  for (const a of areas.slice(1)) if (a.list.length > 0) out[a.name] = a.list;
  return out;
}
