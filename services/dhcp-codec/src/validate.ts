import { dottedQuad } from './dotted-quad.ts';
import { type DhcpMessage, FILE_LENGTH, MAX_HLEN, SNAME_LENGTH } from './message.ts';
import { hasRepeatedCode, OPTION_END, OPTION_OVERLOAD, OPTION_PAD } from './option-list.ts';

const UINT = [
  ['op', 255],
  ['htype', 255],
  ['hlen', 255],
  ['hops', 255],
  ['xid', 0xffffffff],
  ['secs', 0xffff],
  ['flags', 0xffff],
] as const;
const ADDRESSES = ['ciaddr', 'yiaddr', 'siaddr', 'giaddr'] as const;

/** Why a message built in code cannot go on the wire, or undefined when it can. */
export function validateMessage(m: DhcpMessage): string | undefined {
  // Indexed loops (no iterators to allocate) and a code bitmap: this runs for every reply sent.
  for (let i = 0; i < UINT.length; i++) {
    const [field, max] = UINT[i]!;
    const v = m[field];
    if (!Number.isInteger(v) || v < 0 || v > max) return `${field} ${v} is not an integer in 0..${max}`;
  }
  if (m.op !== 1 && m.op !== 2) return `op ${m.op} is neither BOOTREQUEST nor BOOTREPLY`;
  if (m.hlen > MAX_HLEN || m.chaddr.length !== m.hlen) return `chaddr has ${m.chaddr.length} bytes, hlen ${m.hlen}`;
  for (let i = 0; i < ADDRESSES.length; i++) {
    const field = ADDRESSES[i]!;
    if (dottedQuad(m[field]) < 0) return `${field} ${JSON.stringify(m[field])} is not an IPv4 address`;
  }
  if (m.sname.length > SNAME_LENGTH) return `sname has ${m.sname.length} bytes > ${SNAME_LENGTH}`;
  if (m.file.length > FILE_LENGTH) return `file has ${m.file.length} bytes > ${FILE_LENGTH}`;
  for (let i = 0; i < m.options.length; i++) {
    const code = m.options[i]!.code;
    if (code === OPTION_PAD || code === OPTION_END || code === OPTION_OVERLOAD || !(code > 0 && code < 255)) {
      return `option code ${code} cannot carry a value (pad, end and overload are framing)`;
    }
  }
  if (hasRepeatedCode(m.options)) {
    const codes = m.options.map((o) => o.code);
    return `option ${codes.find((c, i) => codes.indexOf(c) !== i)} appears twice; join its values (RFC 3396)`;
  }
  return undefined;
}
