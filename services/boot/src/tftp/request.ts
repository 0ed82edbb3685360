import { decodePacket, ErrorCode, type TftpOption } from './codec.ts';
import { duplicateOption } from './options.ts';
import type { DropReason } from './server-counters.ts';

/** What the listener should do with one datagram that reached the request port. */
export type RequestVerdict =
  | { kind: 'drop'; reason: DropReason }
  | { kind: 'refuse'; code: number; message: string }
  | { kind: 'read'; filename: string; mode: 'octet' | 'netascii'; options: TftpOption[] };

/**
 * Judges a datagram on the request port, purely. Only something that claims to be a request
 * (opcode 1 or 2) is answered; other junk is dropped silently so that the server cannot be used
 * to reflect traffic at a spoofed address.
 */
export function planRequest(bytes: Uint8Array): RequestVerdict {
  const decoded = decodePacket(bytes);
  if (!decoded.ok) {
    const claimsRequest = bytes.length >= 2 && bytes[0] === 0 && (bytes[1] === 1 || bytes[1] === 2);
    if (!claimsRequest) return { kind: 'drop', reason: 'undecodable' };
    return { kind: 'refuse', code: ErrorCode.illegalOperation, message: `Malformed request: ${decoded.reason}` };
  }
  const p = decoded.packet;
  if (p.op === 'wrq') return { kind: 'refuse', code: ErrorCode.accessViolation, message: 'Read-only server' };
  if (p.op !== 'rrq') return { kind: 'drop', reason: 'not-a-request' };
  // RFC 1350 §1: mail mode is obsolete and only ever meant for writes.
  if (p.mode === 'mail')
    return { kind: 'refuse', code: ErrorCode.illegalOperation, message: 'Mail mode not supported' };
  const dup = duplicateOption(p.options);
  if (dup !== undefined) {
    return { kind: 'refuse', code: ErrorCode.optionRefused, message: `Option ${dup} given twice` };
  }
  return { kind: 'read', filename: p.filename, mode: p.mode, options: p.options };
}
