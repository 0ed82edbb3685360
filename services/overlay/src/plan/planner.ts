import type { ResolvedNetwork } from '../model/resolved.ts';
import type { ObservedNetwork } from './observed.ts';
import { planLinks } from './plan-links.ts';
import { planPeers } from './plan-peers.ts';
import type { Step } from './step.ts';

const removes = (s: Step) => s.argv.includes('del') || s.argv.at(-1) === 'remove';
const neighbour = (s: Step) => s.argv[0] === 'ip' && s.argv[1] === 'neigh';

/**
 * The steps that take what is observed to what is desired; none when they already agree. When
 * nothing is removed (a node joining, peers added), the bridge's neighbour entries follow the
 * link steps, so both are one `ip -batch` (`agent/batch.ts`): a new node is wireguard-go and three
 * commands. With removals, peers' steps keep their order (every removal before any addition).
 */
export function plan(net: ResolvedNetwork, key: { file: string; value: string }, obs: ObservedNetwork): Step[] {
  const links = planLinks(net, obs);
  const peers = planPeers(net, key, links.after);
  if (peers.some(removes)) return [...links.steps, ...peers];
  return [...links.steps, ...peers.filter(neighbour), ...peers.filter((s) => !neighbour(s))];
}
