import type { ResolvedNetwork } from '../model/resolved.ts';
import type { ObservedNetwork } from './observed.ts';
import { planLinks } from './plan-links.ts';
import { planPeers } from './plan-peers.ts';
import type { Step } from './step.ts';

/** The steps that take what is observed to what is desired; none when they already agree. */
export function plan(net: ResolvedNetwork, key: { file: string; value: string }, obs: ObservedNetwork): Step[] {
  const links = planLinks(net, obs);
  return [...links.steps, ...planPeers(net, key, links.after)];
}
