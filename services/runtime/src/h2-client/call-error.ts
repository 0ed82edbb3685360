import { grpcCodeFromHttpStatus, percentDecodeGrpcMessage } from '@paddock/wire';
import { ErrorKind, statusName } from '../errors.ts';
import { type Headers, StreamResetError } from './stream.ts';

/**
 * A failed call, shaped as grpc-js's ServiceError (`code`, `details`, `metadata`, and a message
 * "5 NOT_FOUND: …"), so the CLI describes it the same whichever transport made the call.
 */
export class GrpcCallError extends Error {
  readonly code: number;
  readonly details: string;
  /** Trailers other than grpc-status and grpc-message. */
  readonly metadata: Record<string, string>;

  constructor(code: number, details: string, metadata: Record<string, string> = {}) {
    super(`${code} ${statusName(code)}: ${details}`);
    this.name = 'GrpcCallError';
    this.code = code;
    this.details = details;
    this.metadata = metadata;
  }
}

const OK = 0;

/**
 * The call's outcome from the response headers and trailers (PROTOCOL-HTTP2.md): a non-200
 * answer or another content type is no gRPC answer; a failure before any message comes as
 * trailers-only, with grpc-status in the headers.
 */
export function statusOf(headers: Headers | undefined, trailers: Headers | undefined): GrpcCallError | undefined {
  if (!headers) return new GrpcCallError(ErrorKind.unavailable, 'the server closed the call without answering');
  const notGrpc = answerProblem(headers);
  if (notGrpc) return notGrpc;
  const end = trailers?.['grpc-status'] !== undefined ? trailers : headers;
  const status = end['grpc-status'];
  if (status === undefined) return new GrpcCallError(ErrorKind.internal, 'the call ended without a gRPC status');
  const code = Number(status);
  if (code === OK) return undefined;
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(end)) {
    if (k.startsWith(':') || k === 'grpc-status' || k === 'grpc-message') continue;
    metadata[k] = String(v);
  }
  return new GrpcCallError(code, percentDecodeGrpcMessage(String(end['grpc-message'] ?? '')), metadata);
}

/** Why response headers are no gRPC answer (another HTTP status or content type), if they are not. */
export function answerProblem(headers: Headers | undefined): GrpcCallError | undefined {
  if (!headers) return undefined;
  const http = Number(headers[':status']);
  if (http !== 200) return new GrpcCallError(grpcCodeFromHttpStatus(http), `the server answered HTTP ${http}`);
  const type = String(headers['content-type'] ?? '');
  if (!type.startsWith('application/grpc'))
    return new GrpcCallError(2, `the server answered ${type || 'no content type'}, not gRPC`);
  return undefined;
}

/** RST_STREAM codes (RFC 9113 §7) as PROTOCOL-HTTP2.md maps them to gRPC status codes. */
const RST_CODES: Record<string, number> = {
  REFUSED_STREAM: ErrorKind.unavailable,
  CANCEL: 1,
  ENHANCE_YOUR_CALM: ErrorKind.resourceExhausted,
  INADEQUATE_SECURITY: ErrorKind.permissionDenied,
};

/**
 * A transport failure as a status: a connection that could not be made or was lost (refused,
 * reset, TLS refused the certificate) is UNAVAILABLE, as with grpc-js; a stream the server reset
 * is mapped by its code.
 */
export function transportError(err: unknown, address: string): GrpcCallError {
  if (err instanceof GrpcCallError) return err;
  if (err instanceof StreamResetError) return new GrpcCallError(RST_CODES[err.code] ?? ErrorKind.internal, err.message);
  const detail = err instanceof Error ? err.message : String(err);
  return new GrpcCallError(ErrorKind.unavailable, `cannot reach ${address}: ${detail}`);
}
