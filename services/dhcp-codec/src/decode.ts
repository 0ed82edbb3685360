import { ByteReader, numberToIPv4 } from '@paddock/wire';
import {
  BOOTREPLY,
  BOOTREQUEST,
  type DhcpMessage,
  FILE_LENGTH,
  FIXED_HEADER_LENGTH,
  MAGIC_COOKIE,
  MAX_HLEN,
  SNAME_LENGTH,
  trimNuls,
} from './message.ts';
import { isKnownMessageType } from './message-type.ts';
import { readOptionArea } from './option-area.ts';
import { type DhcpOption, getOption, joinInstances, OPTION_OVERLOAD } from './option-list.ts';
import { type Decoded, reject } from './reason.ts';

/**
 * The largest datagram we parse. Clients announce at most ~1500 (option 57) and a relay's
 * option 82 stays under the link MTU; 4096 leaves room for jumbo-frame relays while bounding
 * the work one packet can cost.
 */
export const MAX_DATAGRAM_LENGTH = 4096;
const MIN_LENGTH = FIXED_HEADER_LENGTH + 4;
const MESSAGE_TYPE = 53;

/** Decodes one DHCPv4 datagram (the UDP payload). Never throws. */
export function decodeMessage(bytes: Uint8Array): Decoded<DhcpMessage> {
  if (bytes.length > MAX_DATAGRAM_LENGTH) return reject('oversized', `${bytes.length} bytes > ${MAX_DATAGRAM_LENGTH}`);
  if (bytes.length < MIN_LENGTH) return reject('truncated', `${bytes.length} bytes < ${MIN_LENGTH}`);
  // Field by field, no temporary arrays or closures: this runs for every datagram received.
  const r = new ByteReader(bytes);
  const op = r.u8();
  const htype = r.u8();
  const hlen = r.u8();
  const hops = r.u8();
  if (op !== BOOTREQUEST && op !== BOOTREPLY) return reject('bad-op', `op ${op}`);
  if (hlen > MAX_HLEN) return reject('bad-hlen', `hlen ${hlen} > ${MAX_HLEN}`);
  const xid = r.u32();
  const secs = r.u16();
  const flags = r.u16();
  const ciaddr = numberToIPv4(r.u32());
  const yiaddr = numberToIPv4(r.u32());
  const siaddr = numberToIPv4(r.u32());
  const giaddr = numberToIPv4(r.u32());
  const chaddr = r.bytes(MAX_HLEN).slice(0, hlen);
  const sname = r.bytes(SNAME_LENGTH);
  const file = r.bytes(FILE_LENGTH);
  const cookie = r.u32();
  if (cookie !== MAGIC_COOKIE) return reject('bad-magic-cookie', `cookie 0x${cookie.toString(16).padStart(8, '0')}`);
  const options = readOptions(r.rest(), file, sname);
  if (!options.ok) return options;
  const type = getOption(options.list, MESSAGE_TYPE);
  if (!type) return reject('missing-message-type', 'no option 53');
  if (type.length !== 1) return reject('bad-option-length', `option 53 has ${type.length} bytes`);
  if (!isKnownMessageType(type[0]!)) return reject('unknown-message-type', `type ${type[0]}`);
  const overloaded = options.overload;
  const message: DhcpMessage = {
    op,
    htype,
    hlen,
    hops,
    xid,
    secs,
    flags,
    ciaddr,
    yiaddr,
    siaddr,
    giaddr,
    chaddr,
    sname: trimNuls(overloaded & 2 ? sname.subarray(0, 0) : sname),
    file: trimNuls(overloaded & 1 ? file.subarray(0, 0) : file),
    options: options.list,
  };
  return { ok: true, message };
}

type OptionsResult = { ok: true; list: DhcpOption[]; overload: number } | ReturnType<typeof reject>;

/**
 * RFC 2131 §4.1 and RFC 3396 §5: options field, then file, then sname when overloaded. Each
 * area is copied once and its options are views into the copy: the message never shares
 * memory with the datagram, at one copy per area rather than one per option.
 */
function readOptions(main: Uint8Array, file: Uint8Array, sname: Uint8Array): OptionsResult {
  const first = readOptionArea(main.slice(), 'options');
  if (!first.ok) return reject('bad-option-length', first.detail);
  let marks = 0;
  let value: Uint8Array | undefined;
  for (const o of first.instances) {
    if (o.code !== OPTION_OVERLOAD) continue;
    marks++;
    value ??= o.data;
  }
  if (value === undefined) return { ok: true, list: joinInstances(first.instances), overload: 0 };
  const instances = first.instances.filter((o) => o.code !== OPTION_OVERLOAD);
  // RFC 2132 §9.3: one byte, 1 = file, 2 = sname, 3 = both; only ever in the options field.
  if (marks > 1 || value.length !== 1 || value[0]! < 1 || value[0]! > 3) {
    return reject('bad-overload', `option 52 = [${Array.from(value).join(',')}] x${marks}`);
  }
  const overload = value[0]!;
  for (const [bit, area, where] of [
    [1, file, 'file'],
    [2, sname, 'sname'],
  ] as const) {
    if (!(overload & bit)) continue;
    const more = readOptionArea(area.slice(), where);
    if (!more.ok) return reject('bad-option-length', more.detail);
    if (more.instances.some((o) => o.code === OPTION_OVERLOAD)) return reject('bad-overload', `option 52 in ${where}`);
    instances.push(...more.instances);
  }
  return { ok: true, list: joinInstances(instances), overload };
}
