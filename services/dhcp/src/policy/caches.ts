import { ExcludedSets } from './excluded.ts';
import { ReplyCache } from './reply-cache.ts';

/**
 * What policy memoizes between requests. Owned by whoever owns the PolicyEnv (the server, or a
 * test's environment), never by a module: two servers in one process share nothing.
 */
export interface PolicyCaches {
  replies: ReplyCache;
  excluded: ExcludedSets;
}

export const policyCaches = (): PolicyCaches => ({ replies: new ReplyCache(), excluded: new ExcludedSets() });
