import { Metadata, status } from '@grpc/grpc-js';
import { type GrpcErrorStatus, isGrpcStatusLike, PaddockError } from './errors.ts';

/**
 * Turns anything thrown by a handler into a gRPC status. A PaddockError keeps its kind and
 * message; an unexpected error becomes INTERNAL with a generic message (its detail goes to the
 * log, not to the caller, so internals never leak). Server side only: it builds grpc-js
 * Metadata, which the error vocabulary in errors.ts leaves out so clients load it lazily.
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
