import { Metadata, status } from '@grpc/grpc-js';

/**
 * One error vocabulary for every Paddock boundary. Each kind maps to one gRPC status code;
 * the message is written for the person reading it ("subnet 10.0.0.0/24 overlaps 10.0.0.0/16",
 * not "constraint failed").
 */
export const ErrorKind = {
  invalidArgument: status.INVALID_ARGUMENT,
  notFound: status.NOT_FOUND,
  alreadyExists: status.ALREADY_EXISTS,
  failedPrecondition: status.FAILED_PRECONDITION,
  unauthenticated: status.UNAUTHENTICATED,
  permissionDenied: status.PERMISSION_DENIED,
  resourceExhausted: status.RESOURCE_EXHAUSTED,
  unavailable: status.UNAVAILABLE,
  aborted: status.ABORTED,
  deadlineExceeded: status.DEADLINE_EXCEEDED,
  unimplemented: status.UNIMPLEMENTED,
  internal: status.INTERNAL,
} as const;
export type ErrorKind = keyof typeof ErrorKind;

export class PaddockError extends Error {
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PaddockError';
    this.kind = kind;
  }

  get code(): status {
    return ErrorKind[this.kind];
  }
}

export const invalidArgument = (message: string) => new PaddockError('invalidArgument', message);
export const notFound = (message: string) => new PaddockError('notFound', message);
export const alreadyExists = (message: string) => new PaddockError('alreadyExists', message);
export const failedPrecondition = (message: string) => new PaddockError('failedPrecondition', message);
export const unauthenticated = (message: string) => new PaddockError('unauthenticated', message);

export interface GrpcErrorStatus {
  code: status;
  details: string;
  metadata: Metadata;
}

/**
 * Turns anything thrown by a handler into a gRPC status. A PaddockError keeps its kind and
 * message; an unexpected error becomes INTERNAL with a generic message (its detail goes to the
 * log, not to the caller, so internals never leak).
 */
export function toGrpcStatus(err: unknown): GrpcErrorStatus & { unexpected: boolean } {
  if (err instanceof PaddockError)
    return { code: err.code, details: err.message, metadata: new Metadata(), unexpected: false };
  if (isGrpcStatusLike(err))
    return { code: err.code, details: err.details, metadata: new Metadata(), unexpected: false };
  return {
    code: status.INTERNAL,
    details: 'internal error (see the server log)',
    metadata: new Metadata(),
    unexpected: true,
  };
}

function isGrpcStatusLike(err: unknown): err is { code: status; details: string } {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'number' &&
    typeof (err as { details?: unknown }).details === 'string'
  );
}

/** The one-line text a CLI prints for a failed call. */
export function describeGrpcError(err: unknown): string {
  if (isGrpcStatusLike(err)) {
    const name = status[err.code] ?? String(err.code);
    return `${name.toLowerCase().replaceAll('_', ' ')}: ${err.details}`;
  }
  return err instanceof Error ? err.message : String(err);
}
