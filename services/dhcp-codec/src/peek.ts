import { FIXED_HEADER_LENGTH, MAGIC_COOKIE } from './message.ts';
import { OPTION_END, OPTION_PAD } from './option-list.ts';

const MESSAGE_TYPE = 53;

/**
 * Option 53 read straight off a datagram, without decoding it: for the server to sort what it
 * has read before it spends a decode on each. Looks in the options field only (where clients
 * put it, first); undefined when it is not there or the bytes are no DHCP message. This judges
 * nothing: decodeMessage still checks every datagram that is handled.
 */
export function peekMessageType(bytes: Uint8Array): number | undefined {
  if (bytes.length < FIXED_HEADER_LENGTH + 4) return undefined;
  const c = FIXED_HEADER_LENGTH;
  const cookie = ((bytes[c]! << 24) | (bytes[c + 1]! << 16) | (bytes[c + 2]! << 8) | bytes[c + 3]!) >>> 0;
  if (cookie !== MAGIC_COOKIE) return undefined;
  let at = c + 4;
  while (at + 2 < bytes.length) {
    const code = bytes[at]!;
    if (code === OPTION_PAD) {
      at++;
      continue;
    }
    if (code === OPTION_END) return undefined;
    const length = bytes[at + 1]!;
    if (code === MESSAGE_TYPE) return length === 1 ? bytes[at + 2] : undefined;
    at += 2 + length;
  }
  return undefined;
}
