/**
 * The request half of the gRPC-Web bridge, as pure functions: which headers become gRPC
 * metadata, what deadline a grpc-timeout means, and the one message inside a request body.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Metadata, status } from '@grpc/grpc-js';
import { Base64ChunkDecoder, FrameDecoder } from '@paddock/wire';

export type BodyVerdict = { ok: true; message: Buffer } | { ok: false; code: status; details: string };

/**
 * Exactly one data frame: browsers cannot stream a request body, so gRPC-Web carries unary and
 * server-streaming calls only; a second message means a client-streaming call we cannot bridge.
 */
export function parseRequestBody(body: Uint8Array, text: boolean, maxFrameBytes: number): BodyVerdict {
  let bytes = body;
  if (text) {
    const b64 = new Base64ChunkDecoder();
    bytes = b64.push(new TextDecoder().decode(body));
    const problem = b64.finish();
    if (problem) return { ok: false, code: status.INVALID_ARGUMENT, details: `gRPC-Web text body: ${problem}` };
  }
  const decoder = new FrameDecoder(maxFrameBytes);
  const frames = decoder.push(bytes);
  const problem = decoder.finish();
  if (problem) return { ok: false, code: status.INVALID_ARGUMENT, details: `gRPC-Web request body: ${problem}` };
  const data = frames.filter((f) => f.kind === 'data');
  if (data.length !== frames.length) {
    return { ok: false, code: status.INVALID_ARGUMENT, details: 'a gRPC-Web request carries no trailers' };
  }
  if (data.length === 0)
    return { ok: false, code: status.INVALID_ARGUMENT, details: 'gRPC-Web request has no message' };
  if (data.length > 1) {
    return { ok: false, code: status.UNIMPLEMENTED, details: 'client-streaming calls are not supported over gRPC-Web' };
  }
  return { ok: true, message: Buffer.from(data[0]!.payload) };
}

/** "/paddock.system.v1.SystemService/GetInfo": the only shape of path a gRPC server routes. */
export function isGrpcPath(path: string): boolean {
  return /^\/[A-Za-z_][\w.]*\/[A-Za-z_]\w*$/.test(path);
}

/**
 * Never forwarded: headers that describe the HTTP/1 hop rather than the call, and the principal
 * header the gRPC server sets itself after authentication (a browser must not claim one).
 */
const TRANSPORT = new Set([
  'x-grpc-web',
  'x-user-agent',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-paddock-principal',
]);

/** Forwards the caller's credential and its own x-* headers; everything else is transport. */
export function headersToMetadata(headers: IncomingHttpHeaders): Metadata {
  const md = new Metadata();
  for (const [key, raw] of Object.entries(headers)) {
    if (raw === undefined || (key !== 'authorization' && !key.startsWith('x-')) || TRANSPORT.has(key)) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (key.endsWith('-bin')) md.add(key, Buffer.from(value, 'base64'));
      else md.add(key, value);
    }
  }
  return md;
}

const UNIT_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 1e-3, n: 1e-6 };

/**
 * gRPC over HTTP/2, "Timeout": up to 8 digits and a unit. grpc-js will not take grpc-timeout as
 * metadata, so it becomes the call's deadline. Undefined when absent or malformed.
 */
export function deadlineFromTimeout(value: string | undefined, now = Date.now()): Date | undefined {
  const m = value ? /^(\d{1,8})([HMSmun])$/.exec(value.trim()) : null;
  if (!m) return undefined;
  return new Date(now + Number(m[1]) * UNIT_MS[m[2]!]!);
}
