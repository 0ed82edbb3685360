import { PaddockError } from '@paddock/runtime';

/**
 * What can go wrong talking to a BMC, each mapped to one gRPC code, and every message starting
 * with the BMC's address so a user with many machines knows which one ("BMC 10.0.0.5:
 * authentication failed (wrong user name or password)").
 */
export type BmcFailure = 'unreachable' | 'auth' | 'refused' | 'protocol' | 'command' | 'busy';

const KIND = {
  unreachable: 'unavailable',
  busy: 'unavailable',
  auth: 'failedPrecondition',
  refused: 'failedPrecondition',
  protocol: 'failedPrecondition',
  command: 'failedPrecondition',
} as const;

export class BmcError extends PaddockError {
  readonly failure: BmcFailure;

  constructor(failure: BmcFailure, address: string, message: string) {
    super(KIND[failure], `BMC ${address}: ${message}`);
    this.failure = failure;
  }
}
