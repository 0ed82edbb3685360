/** Ethernet II header (IEEE 802.3 with an EtherType): destination, source, type. */
import { ByteReader, ByteWriter, bytesToHex, macToBytes } from '@paddock/wire';
import type { Decoded } from './checksum.ts';

export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';
/** Smallest frame on the wire without its FCS (IEEE 802.3 §3.2.8: 64 bytes with FCS). */
export const MIN_FRAME = 60;

export interface EthernetFrame {
  destination: string;
  source: string;
  /** EtherType (0x0800 IPv4, 0x0806 ARP, 0x0842 Wake-on-LAN, 0x8100 VLAN tag). */
  type: number;
  payload: Uint8Array;
}

/** Encodes a frame, zero-padding it to 60 bytes as a NIC would (pad: false to send it short). */
export function encodeEthernet(f: EthernetFrame, opts: { pad?: boolean } = {}): Uint8Array {
  const w = new ByteWriter(14 + f.payload.length)
    .bytes(macToBytes(f.destination))
    .bytes(macToBytes(f.source))
    .u16(f.type)
    .bytes(f.payload);
  if ((opts.pad ?? true) && w.length < MIN_FRAME) w.zeros(MIN_FRAME - w.length);
  return w.finish();
}

/** Decodes the header; the payload keeps any padding (the inner protocol knows its length). */
export function decodeEthernet(bytes: Uint8Array): Decoded<EthernetFrame> {
  const r = new ByteReader(bytes);
  const destination = bytesToHex(r.bytes(6, 'destination MAC'));
  const source = bytesToHex(r.bytes(6, 'source MAC'));
  const type = r.u16('EtherType');
  const payload = r.rest();
  const err = r.finish();
  if (err) return { ok: false, reason: `ethernet: ${err}` };
  if (type < 0x0600) return { ok: false, reason: `ethernet: 802.3 length field ${type}, not an EtherType` };
  return { ok: true, value: { destination, source, type, payload } };
}
