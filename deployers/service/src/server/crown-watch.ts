import { setTimeout as sleep } from 'node:timers/promises';
import type { Target } from '@paddock/deployers';
import type { DeployOptions } from '../request/deploy-options.ts';
import type { DeployManager } from './deploy-manager.ts';

export interface CrownWatchOptions {
  manager: Pick<DeployManager, 'prepare' | 'launch' | 'discard'>;
  /** The cluster's hosts, control plane and workers. */
  targets(): Promise<Target[]>;
  options: DeployOptions;
  intervalMs: number;
  /** Holds while this server may crown (the crown role of the site's election; always on SQLite). */
  gate: { held(): boolean };
  /**
   * Writes a decision to act where other servers see it, under the role's fence; false when
   * another server has held the role since (then nothing is carried out).
   */
  record(decision: string): Promise<boolean>;
  /** A pass that could not be made (no inventory yet, keys away...). */
  onError(err: unknown): void;
}

/**
 * The crowning controller of `paddock up`: every interval, while this server holds the crown
 * role, one crowning pass through the deploy manager, so each decision is a deployment of set
 * `crown` with its reasons in `decision` (the Watch stream, the console, the store). A decision
 * that changes nothing is shown once until it changes; one that acts is recorded under the
 * role's fence before its steps run, and the next pass waits for them to end.
 */
const WAIT_FOR_ROLE_MS = 500;

export async function runCrownWatch(o: CrownWatchOptions, signal: AbortSignal): Promise<void> {
  let last = '';
  while (!signal.aborted) {
    const held = o.gate.held();
    if (held) {
      try {
        last = await pass(o, last, signal);
      } catch (err) {
        if (!signal.aborted) o.onError(err);
      }
    }
    // A server that has just taken the role over from a dead one passes at once.
    await sleep(held ? o.intervalMs : Math.min(o.intervalMs, WAIT_FOR_ROLE_MS), undefined, { signal }).catch(() => {});
  }
}

/** A decision as compared between passes: the seconds a member has been unhealthy do not count. */
export const decisionKey = (decision: string, acts: boolean): string =>
  `${acts}:${decision.replace(/\d+ s\b/g, 'N s')}`;

async function pass(o: CrownWatchOptions, last: string, signal: AbortSignal): Promise<string> {
  const p = await o.manager.prepare({ set: 'crown', targets: await o.targets(), options: o.options }, signal);
  const decision = p.set.decision ?? '';
  const acts = p.set.stages.length > 0;
  const key = decisionKey(decision, acts);
  if (!acts && key === last) {
    await o.manager.discard(p);
    return last;
  }
  if (acts && !(o.gate.held() && (await o.record(decision)))) {
    await o.manager.discard(p);
    throw new Error(`not carried out, another server holds the crown role now: ${decision}`);
  }
  await o.manager.launch(p).done;
  return key;
}
