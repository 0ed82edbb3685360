/**
 * The Internet checksum (RFC 1071): the one's complement of the one's-complement sum of
 * 16-bit big-endian words, an odd last byte padded with zero (§4.1). Verifying data that
 * already carries its checksum gives 0.
 */
export function internetChecksum(data: Uint8Array): number {
  let sum = 0;
  const even = data.length & ~1;
  for (let i = 0; i < even; i += 2) sum += (data[i]! << 8) | data[i + 1]!;
  if (data.length & 1) sum += data[even]! << 8;
  // Fold the carries back in (§2(c)); twice is enough for any length below 128 KiB, loop anyway.
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

/** Outcome of a pure decoder: the value, or why the bytes were refused. */
export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };
