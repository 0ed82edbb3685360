import { dottedQuad } from './dotted-quad.ts';
import {
  BOOTP_MINIMUM_LENGTH,
  type DhcpMessage,
  FILE_LENGTH,
  FILE_OFFSET,
  FIXED_HEADER_LENGTH,
  MAGIC_COOKIE,
  SNAME_LENGTH,
  SNAME_OFFSET,
} from './message.ts';
import { areaSize, instanceSize, writeOptionAreaAt } from './option-area.ts';
import { type DhcpOption, MAX_INSTANCE_LENGTH, OPTION_OVERLOAD, splitInstances } from './option-list.ts';
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
 * The size is known before writing, so the reply is written once into one zeroed buffer.
 */
export function encodeMessage(m: DhcpMessage, opts: EncodeOptions = {}): Encoded {
  const bad = validateMessage(m);
  if (bad) return { ok: false, reason: { code: 'bad-field', detail: bad } };
  const ordered = typeFirst(m.options);
  if (!ordered) return { ok: false, reason: { code: 'missing-message-type', detail: 'no option 53' } };
  const maxLength = opts.maxLength ?? DEFAULT_MAX_LENGTH;
  const placed = place(ordered, maxLength - FIXED_HEADER_LENGTH - 4, m);
  if (typeof placed === 'string') return { ok: false, reason: { code: 'does-not-fit', detail: placed } };
  const overload = (placed.file ? 1 : 0) | (placed.sname ? 2 : 0);
  const main = overload ? [{ code: OPTION_OVERLOAD, data: Uint8Array.of(overload) }, ...placed.main] : placed.main;
  const length = FIXED_HEADER_LENGTH + 4 + areaSize(main) + 1;
  const out = new Uint8Array(Math.max(length, BOOTP_MINIMUM_LENGTH));
  const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
  v.setUint32(0, ((m.op << 24) | (m.htype << 16) | (m.hlen << 8) | m.hops) >>> 0);
  v.setUint32(4, m.xid);
  v.setUint16(8, m.secs);
  v.setUint16(10, m.flags);
  // validateMessage has checked the four addresses, so dottedQuad cannot answer -1 here.
  v.setUint32(12, dottedQuad(m.ciaddr));
  v.setUint32(16, dottedQuad(m.yiaddr));
  v.setUint32(20, dottedQuad(m.siaddr));
  v.setUint32(24, dottedQuad(m.giaddr));
  out.set(m.chaddr, 28);
  if (placed.sname) writeOptionAreaAt(out, SNAME_OFFSET, placed.sname);
  else out.set(m.sname, SNAME_OFFSET);
  if (placed.file) writeOptionAreaAt(out, FILE_OFFSET, placed.file);
  else out.set(m.file, FILE_OFFSET);
  v.setUint32(FIXED_HEADER_LENGTH, MAGIC_COOKIE);
  writeOptionAreaAt(out, FIXED_HEADER_LENGTH + 4, main);
  return { ok: true, bytes: out };
}

/** Option 53, then the others in their order, each split per RFC 3396; undefined without 53. */
function typeFirst(options: readonly DhcpOption[]): DhcpOption[] | undefined {
  let type: DhcpOption | undefined;
  const out: DhcpOption[] = [];
  for (const o of options) {
    if (o.code === 53) type ??= o;
    else if (o.data.length > MAX_INSTANCE_LENGTH) out.push(...splitInstances(o));
    else out.push(o);
  }
  if (!type) return undefined;
  out.unshift(...splitInstances(type));
  return out;
}

/**
 * First fit: each instance goes to the first area with room, except that the instances of one
 * split option never go back to an earlier area, since RFC 3396 §5 joins them options → file →
 * sname. Other options may land out of order; no RFC gives option order a meaning.
 */
function place(instances: DhcpOption[], mainRoom: number, m: DhcpMessage): Placement | string {
  const need = areaSize(instances);
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
