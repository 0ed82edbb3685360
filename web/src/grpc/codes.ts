import { grpcCodeFromHttpStatus } from '@paddock/wire';

/** gRPC status codes (grpc/doc/statuscodes.md), as plain constants the browser bundle can use. */
export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;
export type GrpcCode = (typeof GrpcCode)[keyof typeof GrpcCode];

const NAMES = new Map<number, string>(Object.entries(GrpcCode).map(([name, code]) => [code, name]));

export function codeName(code: number): string {
  return NAMES.get(code) ?? `CODE_${code}`;
}

/** An HTTP error before any gRPC-Web answer (a proxy, a missing route). */
export const codeFromHttpStatus = (httpStatus: number) => grpcCodeFromHttpStatus(httpStatus) as GrpcCode;

/** The error every call rejects with: the gRPC code, and the server's message for a person. */
export class GrpcError extends Error {
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.name = 'GrpcError';
    this.code = code;
  }

  get codeName(): string {
    return codeName(this.code);
  }

  /** "unauthenticated: invalid token", the one line the console shows. */
  override toString(): string {
    return `${this.codeName.toLowerCase().replaceAll('_', ' ')}: ${this.message}`;
  }
}
