import { PaddockError } from '@paddock/runtime';
import { type Conflict, describeConflict } from '../store/store.ts';

/** A store conflict as the API's error: the gRPC code a client can act on, and the sentence. */
export function conflictError(c: Conflict): PaddockError {
  const kind = c.kind === 'not-found' ? 'notFound' : c.kind === 'revision' ? 'aborted' : 'alreadyExists';
  return new PaddockError(kind, describeConflict(c));
}

/**
 * What a provider threw, as an API error: its own PaddockError as is; anything else (a
 * crashed helper, an I/O error) as UNAVAILABLE naming the provider, since trying again later
 * may work.
 */
export function providerError(provider: string, err: unknown): PaddockError {
  if (err instanceof PaddockError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new PaddockError('unavailable', `${provider} provider: ${message}`);
}
