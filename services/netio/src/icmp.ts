/** ICMP echo request and reply (RFC 792). */
import { ByteReader, ByteWriter } from '@paddock/wire';
import { type Decoded, internetChecksum } from './checksum.ts';

export const ICMP_ECHO_REPLY = 0;
export const ICMP_ECHO_REQUEST = 8;

export interface IcmpEcho {
  /** 8 request, 0 reply. */
  type: number;
  identifier: number;
  sequence: number;
  data: Uint8Array;
}

export function encodeIcmpEcho(m: IcmpEcho): Uint8Array {
  const w = new ByteWriter(8 + m.data.length).u8(m.type).u8(0).u16(0).u16(m.identifier).u16(m.sequence);
  w.bytes(m.data);
  // RFC 792: checksum over the whole ICMP message with the checksum field zero.
  return w.patchU16(2, internetChecksum(w.finish())).finish();
}

/** Decodes an echo message; a bad checksum or another ICMP type is refused with a reason. */
export function decodeIcmpEcho(bytes: Uint8Array): Decoded<IcmpEcho> {
  const r = new ByteReader(bytes);
  const type = r.u8('type');
  const code = r.u8('code');
  r.u16('checksum');
  const identifier = r.u16('identifier');
  const sequence = r.u16('sequence');
  const data = r.rest();
  const err = r.finish();
  if (err) return { ok: false, reason: `icmp: ${err}` };
  if (type !== ICMP_ECHO_REPLY && type !== ICMP_ECHO_REQUEST)
    return { ok: false, reason: `icmp: type ${type} is not echo` };
  if (code !== 0) return { ok: false, reason: `icmp: echo with code ${code}` };
  if (internetChecksum(bytes) !== 0) return { ok: false, reason: 'icmp: bad checksum' };
  return { ok: true, value: { type, identifier, sequence, data } };
}
