/** Reads the frames of a classic pcap file (tcpdump -w), for byte-exact checks. */
export function readPcap(file: Uint8Array): Uint8Array[] {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magic = v.getUint32(0, true);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && v.getUint32(0, false) !== 0xa1b2c3d4 && v.getUint32(0, false) !== 0xa1b23c4d)
    throw new Error('not a pcap file');
  const frames: Uint8Array[] = [];
  for (let at = 24; at + 16 <= file.length; ) {
    const captured = v.getUint32(at + 8, le);
    frames.push(file.slice(at + 16, at + 16 + captured));
    at += 16 + captured;
  }
  return frames;
}
