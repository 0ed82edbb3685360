import { timingSafeEqual } from 'node:crypto';
import { ByteReader, ByteWriter } from '@paddock/wire';
import { type Decoded, readLe16, readLe32, refuse, writeLe16, writeLe32 } from './bytes.ts';
import type { CipherSuite } from './cipher-suite.ts';
import { authCode, decryptPayload, encryptPayload, type SessionKeys } from './crypto.ts';
import { CLASS_IPMI, readRmcpHeader, rmcpHeader } from './rmcp.ts';

/** Auth type 6 marks an IPMI 2.0 / RMCP+ session header (IPMI 2.0 §13.6). */
export const AUTH_TYPE_RMCP_PLUS = 0x06;
const ENCRYPTED = 0x80;
const AUTHENTICATED = 0x40;
const NEXT_HEADER = 0x07;
/** No BMC sends more than a few hundred bytes; anything larger is not an answer to us. */
export const MAX_PACKET = 1024;

export const PayloadType = {
  ipmi: 0x00,
  openSessionRequest: 0x10,
  openSessionResponse: 0x11,
  rakp1: 0x12,
  rakp2: 0x13,
  rakp3: 0x14,
  rakp4: 0x15,
} as const;

export interface SessionPacket {
  payloadType: number;
  sessionId: number;
  seq: number;
  payload: Uint8Array;
  /** Set on decode: whether the packet carried a verified AuthCode / was encrypted. */
  authenticated?: boolean;
  encrypted?: boolean;
}

export interface Security {
  suite: CipherSuite;
  keys: SessionKeys;
}

/** One RMCP+ datagram; with security, the payload is encrypted and the packet authenticated. */
export function encodeSessionPacket(p: SessionPacket, sec?: Security & { iv: Uint8Array }): Uint8Array {
  const payload = sec ? encryptPayload(sec.keys, sec.iv, p.payload) : p.payload;
  const w = rmcpHeader(new ByteWriter(64 + payload.length), CLASS_IPMI)
    .u8(AUTH_TYPE_RMCP_PLUS)
    .u8(p.payloadType | (sec ? ENCRYPTED | AUTHENTICATED : 0));
  writeLe32(w, p.sessionId);
  writeLe32(w, p.seq);
  writeLe16(w, payload.length).bytes(payload);
  if (!sec) return w.finish();
  // §13.28.4: pad with 0xff so the signed part (auth type .. next header) is a multiple of 4.
  const signedSoFar = w.length - 4 + 2;
  const pad = (4 - (signedSoFar % 4)) % 4;
  for (let i = 0; i < pad; i++) w.u8(0xff);
  w.u8(pad).u8(NEXT_HEADER);
  const bytes = w.finish();
  return new ByteWriter(bytes.length + 16)
    .bytes(bytes)
    .bytes(authCode(sec.suite, sec.keys, bytes.subarray(4)))
    .finish();
}

/** Decodes one datagram; an authenticated one is checked (and decrypted) with `sec`. Never throws. */
export function decodeSessionPacket(bytes: Uint8Array, sec?: Security): Decoded<SessionPacket> {
  if (bytes.length > MAX_PACKET) return refuse(`datagram of ${bytes.length} bytes is over ${MAX_PACKET}`);
  const r = new ByteReader(bytes);
  const cls = readRmcpHeader(r);
  const authType = r.u8('auth type');
  if (r.ok && cls !== CLASS_IPMI) return refuse(`RMCP class ${cls} is not IPMI`);
  if (r.ok && authType !== AUTH_TYPE_RMCP_PLUS)
    return refuse(`session auth type ${authType} is IPMI 1.5, not an RMCP+ (IPMI 2.0) session`);
  const type = r.u8('payload type');
  const sessionId = readLe32(r, 'session ID');
  const seq = readLe32(r, 'session sequence');
  const length = readLe16(r, 'payload length');
  let payload = r.bytes(length, 'payload');
  const authenticated = (type & AUTHENTICATED) !== 0;
  if (authenticated && r.ok) {
    if (!sec) return refuse('authenticated packet outside a session');
    // The AuthCode is last; before it the pad length and next header (§13.28.4).
    const signedEnd = bytes.length - sec.suite.integrityLength;
    const padLength = bytes[signedEnd - 2] ?? 0;
    if (signedEnd - r.offset !== padLength + 2 || bytes[signedEnd - 1] !== NEXT_HEADER)
      return refuse('integrity trailer malformed (pad length or next header)');
    const code = bytes.subarray(signedEnd);
    const want = authCode(sec.suite, sec.keys, bytes.subarray(4, signedEnd));
    r.skip(r.remaining);
    if (!timingSafeEqual(want, code)) return refuse('AuthCode does not match: packet altered or wrong session keys');
  }
  const err = r.finish(!authenticated);
  if (err) return refuse(err);
  const encrypted = (type & ENCRYPTED) !== 0;
  if (encrypted) {
    if (!sec || !authenticated) return refuse('encrypted payload without an authenticated session');
    const plain = decryptPayload(sec.keys, payload);
    if (typeof plain === 'string') return refuse(plain);
    payload = plain;
  }
  return {
    ok: true,
    value: { payloadType: type & 0x3f, sessionId, seq, payload: payload.slice(), authenticated, encrypted },
  };
}
