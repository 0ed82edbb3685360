import type { SourceFile } from './file-source.ts';

/**
 * RFC 1350 netascii (RFC 764): LF becomes CR LF and a bare CR becomes CR NUL. Only text files
 * travel this way (tftp-hpa's default mode), so they are converted whole, within a size cap.
 */
export function toNetascii(bytes: Uint8Array): Uint8Array {
  let extra = 0;
  for (const b of bytes) if (b === 0x0a || b === 0x0d) extra++;
  const out = new Uint8Array(bytes.length + extra);
  let o = 0;
  for (const b of bytes) {
    if (b === 0x0a) out[o++] = 0x0d;
    out[o++] = b;
    if (b === 0x0d) out[o++] = 0x00;
  }
  return out;
}

export const MAX_NETASCII_BYTES = 4 * 1024 * 1024;

/** A netascii view of `file`, or undefined when it is too large to convert in memory. */
export async function netasciiFile(file: SourceFile): Promise<SourceFile | undefined> {
  if (file.size > MAX_NETASCII_BYTES) return undefined;
  const text = toNetascii(await file.read(0, file.size));
  await file.close();
  return {
    size: text.length,
    read: async (offset, length) => text.subarray(offset, offset + length),
    close: async () => {},
  };
}
