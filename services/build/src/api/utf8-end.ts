/**
 * How many of `b`'s bytes end on a whole UTF-8 character: a log read in chunks (or while the
 * build is still writing it) can stop inside a character, and decoding that half would put a
 * U+FFFD in the text and lose the character. The rest is read again from the next offset.
 */
export function wholeUtf8Length(b: Uint8Array): number {
  // A character is at most 4 bytes: only the last 3 can start one that is cut short.
  for (let i = b.length - 1; i >= Math.max(0, b.length - 3); i--) {
    const byte = b[i]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return b.length - i >= need ? b.length : i;
  }
  // Only continuation bytes at the end (not UTF-8): nothing to wait for.
  return b.length;
}
