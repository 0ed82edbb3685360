import { ByteReader, ByteWriter } from '@paddock/wire';
import { type Decoded, refuse } from './bytes.ts';

/** RMCP (DMTF ASF 2.0 §3.2.2): version 6, no RMCP ack (sequence 0xff), then a class. */
export const RMCP_VERSION = 0x06;
export const RMCP_NO_ACK = 0xff;
export const CLASS_ASF = 0x06;
export const CLASS_IPMI = 0x07;
const ASF_IANA = 4542;
const ASF_PING = 0x80;
const ASF_PONG = 0x40;

export function rmcpHeader(w: ByteWriter, cls: number): ByteWriter {
  return w.u8(RMCP_VERSION).u8(0).u8(RMCP_NO_ACK).u8(cls);
}

/** Reads the 4-byte RMCP header and returns its class, failing the reader when it is not RMCP. */
export function readRmcpHeader(r: ByteReader): number {
  const version = r.u8('RMCP version');
  r.skip(1, 'RMCP reserved');
  r.u8('RMCP sequence');
  const cls = r.u8('RMCP class');
  if (r.ok && version !== RMCP_VERSION) r.fail(`not RMCP (version byte ${version})`);
  return cls & 0x7f;
}

/** ASF Presence Ping: asks whether anything speaks RMCP at this address (ASF 2.0 §3.2.4.3). */
export function encodeAsfPing(tag: number): Uint8Array {
  return rmcpHeader(new ByteWriter(12), CLASS_ASF)
    .u32(ASF_IANA)
    .u8(ASF_PING)
    .u8(tag & 0xff)
    .u8(0)
    .u8(0)
    .finish();
}

export interface AsfPong {
  tag: number;
  /** The entity supports IPMI (bit 7 of Supported Entities). */
  ipmi: boolean;
}

export function decodeAsfPong(bytes: Uint8Array): Decoded<AsfPong> {
  const r = new ByteReader(bytes);
  const cls = readRmcpHeader(r);
  if (r.ok && cls !== CLASS_ASF) return refuse(`RMCP class ${cls} is not ASF`);
  const iana = r.u32('ASF IANA');
  const type = r.u8('ASF message type');
  const tag = r.u8('ASF tag');
  r.skip(1, 'ASF reserved');
  const length = r.u8('ASF data length');
  if (r.ok && iana !== ASF_IANA) return refuse(`ASF IANA number ${iana} is not 4542`);
  if (r.ok && type !== ASF_PONG) return refuse(`ASF message type 0x${type.toString(16)} is not a pong`);
  if (r.ok && length < 10) return refuse(`ASF pong data is ${length} bytes, needs 10`);
  const data = r.bytes(length, 'ASF pong data');
  const err = r.finish(true);
  if (err) return refuse(err);
  return { ok: true, value: { tag, ipmi: (data[8]! & 0x80) !== 0 } };
}
