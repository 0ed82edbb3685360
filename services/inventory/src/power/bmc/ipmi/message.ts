import { ByteReader, ByteWriter } from '@paddock/wire';
import { type Decoded, refuse } from './bytes.ts';

/** The BMC's address on the IPMB and the software ID a remote console uses (IPMI 2.0 §5.5). */
export const BMC_ADDRESS = 0x20;
export const CONSOLE_SWID = 0x81;

export interface IpmiRequest {
  netFn: number;
  cmd: number;
  /** 6-bit request sequence: matches a response to its request. */
  rqSeq: number;
  data: Uint8Array;
}

export interface IpmiResponse {
  netFn: number;
  cmd: number;
  rqSeq: number;
  /** Completion code: 0 is success (IPMI 2.0 §5.2). */
  cc: number;
  data: Uint8Array;
}

/** Two's-complement checksum: the bytes plus it sum to zero modulo 256. */
export function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const b of bytes) sum = (sum + b) & 0xff;
  return (0x100 - sum) & 0xff;
}

/** The IPMI LAN message of a request (IPMI 2.0 §13.8), both checksums filled in. */
export function encodeRequest(req: IpmiRequest): Uint8Array {
  const head = Uint8Array.of(BMC_ADDRESS, (req.netFn << 2) & 0xfc);
  const body = new ByteWriter(8 + req.data.length)
    .u8(CONSOLE_SWID)
    .u8((req.rqSeq << 2) & 0xfc)
    .u8(req.cmd)
    .bytes(req.data)
    .finish();
  return new ByteWriter(4 + body.length).bytes(head).u8(checksum(head)).bytes(body).u8(checksum(body)).finish();
}

/** A response message; refuses bad checksums, requests, and messages for someone else. */
export function decodeResponse(bytes: Uint8Array): Decoded<IpmiResponse> {
  if (bytes.length < 8) return refuse(`IPMI message of ${bytes.length} bytes, needs at least 8`);
  if (checksum(bytes.subarray(0, 2)) !== bytes[2]) return refuse('IPMI message header checksum mismatch');
  if (checksum(bytes.subarray(3, bytes.length - 1)) !== bytes[bytes.length - 1])
    return refuse('IPMI message data checksum mismatch');
  const r = new ByteReader(bytes);
  const rqAddr = r.u8();
  const netFnLun = r.u8();
  r.skip(1);
  r.u8(); // the responder's address: bridged answers may come from another controller
  const seqLun = r.u8();
  const cmd = r.u8();
  const cc = r.u8();
  const data = r.bytes(bytes.length - 8);
  r.skip(1);
  const err = r.finish();
  if (err) return refuse(err);
  if (rqAddr !== CONSOLE_SWID) return refuse(`IPMI message addressed to 0x${rqAddr.toString(16)}, not the console`);
  const netFn = netFnLun >> 2;
  if ((netFn & 1) === 0) return refuse(`IPMI message has request netFn 0x${netFn.toString(16)}`);
  return { ok: true, value: { netFn: netFn & ~1, cmd, rqSeq: seqLun >> 2, cc, data: data.slice() } };
}
