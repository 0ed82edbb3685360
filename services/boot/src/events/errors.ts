import { PaddockError } from '@paddock/runtime';

/** RESOURCE_EXHAUSTED: the runtime's vocabulary has the kind but no shorthand for it. */
export const resourceExhausted = (message: string) => new PaddockError('resourceExhausted', message);
