import type { Metadata, status } from '@grpc/grpc-js';

/**
 * gRPC's status codes by name (fixed by the gRPC specification, doc/statuscodes.md), kept here
 * rather than read from @grpc/grpc-js so that a CLI verb can build and describe errors without
 * loading the gRPC library before it calls a server.
 */
const CODE_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

/**
 * One error vocabulary for every Paddock boundary. Each kind maps to one gRPC status code;
 * the message is written for the person reading it ("subnet 10.0.0.0/24 overlaps 10.0.0.0/16",
 * not "constraint failed").
 */
export const ErrorKind = {
  invalidArgument: 3,
  notFound: 5,
  alreadyExists: 6,
  failedPrecondition: 9,
  unauthenticated: 16,
  permissionDenied: 7,
  resourceExhausted: 8,
  unavailable: 14,
  aborted: 10,
  deadlineExceeded: 4,
  unimplemented: 12,
  internal: 13,
} as const satisfies Record<string, status>;
export type ErrorKind = keyof typeof ErrorKind;

export class PaddockError extends Error {
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PaddockError';
    this.kind = kind;
  }

  get code(): status {
    return ErrorKind[this.kind] as status;
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

export function isGrpcStatusLike(err: unknown): err is { code: status; details: string } {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'number' &&
    typeof (err as { details?: unknown }).details === 'string'
  );
}

/** A status code's name as the gRPC specification spells it: `NOT_FOUND`. */
export function statusName(code: number): string {
  return CODE_NAMES[code] ?? String(code);
}

/** The one-line text a CLI prints for a failed call. */
export function describeGrpcError(err: unknown): string {
  if (isGrpcStatusLike(err)) {
    return `${statusName(err.code).toLowerCase().replaceAll('_', ' ')}: ${err.details}`;
  }
  return err instanceof Error ? err.message : String(err);
}
