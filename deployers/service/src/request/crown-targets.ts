import type { Target } from '@paddock/deployers';
import type { CrownConfig } from '../config.ts';
import { checkTargets, parseHosts } from './targets.ts';

/**
 * The crowning controller's hosts, read once and then kept: overlay addresses go by position in
 * this list, and a dead master must stay in it (an inventory selector of ready nodes could drop
 * it, moving every later host's address). Until the selector resolves (the inventory starting),
 * each pass asks again. A restart reads them afresh.
 */
export function crownTargets(
  c: CrownConfig,
  resolve: (selector: string) => Promise<Target[]>,
): () => Promise<Target[]> {
  let kept: Target[] | undefined;
  const given = c.crownHosts ? parseHosts(c.crownHosts.split(',').map((h) => h.trim())) : [];
  return async () => {
    kept ??= checkTargets([...(c.crown ? await resolve(c.crown) : []), ...given]);
    return kept;
  };
}
