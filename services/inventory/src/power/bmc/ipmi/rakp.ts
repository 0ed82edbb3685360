import { ByteReader, ByteWriter } from '@paddock/wire';
import { type Decoded, readLe32, refuse, writeLe32 } from './bytes.ts';
import type { CipherSuite } from './cipher-suite.ts';

// The RMCP+ session handshake payloads (IPMI 2.0 §13.17-13.23). Every response starts with the
// message tag and an RMCP+ status code (table 13-15); a non-zero status ends the handshake.

export function encodeOpenSessionRequest(tag: number, consoleSessionId: number, suite: CipherSuite): Uint8Array {
  const w = new ByteWriter(32).u8(tag).u8(0).u16(0);
  writeLe32(w, consoleSessionId);
  // Authentication, integrity and confidentiality payloads: type, reserved, length 8, algorithm.
  for (const [type, alg] of [
    [0, suite.auth],
    [1, suite.integrity],
    [2, suite.confidentiality],
  ] as const)
    w.u8(type).u16(0).u8(8).u8(alg).u8(0).u16(0);
  return w.finish();
}

/** What every handshake response starts with (§13.18, §13.21, §13.23). */
interface ResponseHead {
  tag: number;
  status: number;
  consoleSessionId: number;
}

function responseHead(r: ByteReader): ResponseHead {
  const tag = r.u8('tag');
  const status = r.u8('status');
  r.skip(2, 'reserved');
  return { tag, status, consoleSessionId: readLe32(r, 'console session ID') };
}

export interface OpenSessionResponse extends ResponseHead {
  bmcSessionId: number;
  auth: number;
  integrity: number;
  confidentiality: number;
}

export function decodeOpenSessionResponse(bytes: Uint8Array): Decoded<OpenSessionResponse> {
  const r = new ByteReader(bytes);
  const { tag, status, consoleSessionId } = responseHead(r);
  const out = { tag, status, consoleSessionId, bmcSessionId: 0, auth: 0, integrity: 0, confidentiality: 0 };
  // §13.18: an error response may stop after the console session ID.
  if (r.ok && status !== 0)
    return r.remaining === 0 || r.remaining >= 28 ? { ok: true, value: out } : refuse('short error response');
  out.bmcSessionId = readLe32(r, 'BMC session ID');
  out.auth = algorithm(r, 0);
  out.integrity = algorithm(r, 1);
  out.confidentiality = algorithm(r, 2);
  const err = r.finish();
  return err ? refuse(err) : { ok: true, value: out };
}

function algorithm(r: ByteReader, type: number): number {
  const t = r.u8('algorithm payload type');
  r.skip(2);
  const length = r.u8('algorithm payload length');
  const alg = r.u8('algorithm') & 0x3f;
  r.skip(3);
  if (r.ok && (t !== type || length !== 8)) r.fail(`algorithm payload ${t} of length ${length}, expected ${type} of 8`);
  return alg;
}

export interface Rakp1 {
  tag: number;
  bmcSessionId: number;
  consoleRandom: Uint8Array;
  /** Requested role byte exactly as sent: it is part of every HMAC that follows. */
  role: number;
  username: Uint8Array;
}

export function encodeRakp1(m: Rakp1): Uint8Array {
  const w = new ByteWriter(48).u8(m.tag).u8(0).u16(0);
  writeLe32(w, m.bmcSessionId);
  return w.bytes(m.consoleRandom).u8(m.role).u16(0).u8(m.username.length).bytes(m.username).finish();
}

export interface Rakp2 extends ResponseHead {
  bmcRandom: Uint8Array;
  bmcGuid: Uint8Array;
  keyExchangeCode: Uint8Array;
}

export function decodeRakp2(bytes: Uint8Array, suite: CipherSuite): Decoded<Rakp2> {
  const r = new ByteReader(bytes);
  const { tag, status, consoleSessionId } = responseHead(r);
  const empty = new Uint8Array(0);
  if (r.ok && status !== 0)
    return {
      ok: true,
      value: { tag, status, consoleSessionId, bmcRandom: empty, bmcGuid: empty, keyExchangeCode: empty },
    };
  const bmcRandom = r.bytes(16, 'BMC random number').slice();
  const bmcGuid = r.bytes(16, 'BMC GUID').slice();
  const keyExchangeCode = r.bytes(suite.keyExchangeLength, 'key exchange code').slice();
  const err = r.finish();
  return err
    ? refuse(err)
    : { ok: true, value: { tag, status, consoleSessionId, bmcRandom, bmcGuid, keyExchangeCode } };
}

export function encodeRakp3(tag: number, status: number, bmcSessionId: number, code: Uint8Array): Uint8Array {
  const w = new ByteWriter(40).u8(tag).u8(status).u16(0);
  return writeLe32(w, bmcSessionId).bytes(code).finish();
}

export interface Rakp4 extends ResponseHead {
  integrityCheck: Uint8Array;
}

export function decodeRakp4(bytes: Uint8Array, suite: CipherSuite): Decoded<Rakp4> {
  const r = new ByteReader(bytes);
  const { tag, status, consoleSessionId } = responseHead(r);
  const integrityCheck =
    status === 0 ? r.bytes(suite.integrityLength, 'integrity check value').slice() : new Uint8Array(0);
  const err = r.finish(status !== 0);
  return err ? refuse(err) : { ok: true, value: { tag, status, consoleSessionId, integrityCheck } };
}

/** RMCP+ status codes (table 13-15) in words a user can act on. */
export function rakpStatusText(status: number): string {
  const t: Record<number, string> = {
    1: 'no resources for a new session (the BMC has too many open)',
    2: 'invalid session ID',
    5: 'requested privilege level not allowed for this user',
    9: 'requested role not allowed',
    13: 'unauthorized name',
    15: 'invalid integrity check value',
    16: 'authentication algorithm not supported',
    17: 'integrity algorithm not supported',
    18: 'no cipher suite matches the requested algorithms',
    19: 'confidentiality algorithm not supported',
  };
  return t[status] ?? `RMCP+ status 0x${status.toString(16).padStart(2, '0')}`;
}
