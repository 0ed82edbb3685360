/**
 * Why a datagram was not decoded. The code is short and stable so the server can count drops
 * by it (a Prometheus label); the detail is for logs and people.
 */
export type DecodeReasonCode =
  | 'oversized'
  | 'truncated'
  | 'bad-op'
  | 'bad-hlen'
  | 'bad-magic-cookie'
  | 'bad-option-length'
  | 'bad-overload'
  | 'missing-message-type'
  | 'unknown-message-type';

export interface DecodeReason {
  code: DecodeReasonCode;
  detail: string;
}

export type Decoded<T> = { ok: true; message: T } | { ok: false; reason: DecodeReason };

/** Why a message could not be encoded: the caller built something the wire cannot carry. */
export type EncodeReasonCode = 'does-not-fit' | 'missing-message-type' | 'bad-field';

export interface EncodeReason {
  code: EncodeReasonCode;
  detail: string;
}

export type Encoded = { ok: true; bytes: Uint8Array } | { ok: false; reason: EncodeReason };

export function reject(code: DecodeReasonCode, detail: string): { ok: false; reason: DecodeReason } {
  return { ok: false, reason: { code, detail } };
}
