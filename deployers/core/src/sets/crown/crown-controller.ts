import { setTimeout as sleep } from 'node:timers/promises';
import { type DeploymentResult, type RunDeploymentOptions, runDeployment } from '../../engine/run.ts';
import { errorText, type Transport } from '../../engine/transport.ts';
import type { CrownDecision } from './crown-policy.ts';
import { type CrownDeployment, crownPass } from './crown-set.ts';

/** One decision of the controller, with its reasons and, when it acted, how that went. */
export interface CrownEvent {
  at: number;
  decision: CrownDecision;
  /** Set when the decision was carried out (or refused to be: not the holder any more). */
  outcome?: { ok: boolean; changed: number; error?: string };
}

export interface CrownControllerOptions {
  deployment: CrownDeployment;
  transport: Transport;
  intervalMs: number;
  /** Holds while this controller may act (the crown role of an election). */
  gate: { held(): boolean };
  /**
   * Writes the decision where the other controllers see it, guarded by the role's fence; false
   * when another controller has held the role since, and then nothing is carried out.
   */
  record(e: CrownEvent): Promise<boolean>;
  onEvent(e: CrownEvent): void;
  run?: Omit<RunDeploymentOptions, 'signal'>;
}

/**
 * Keeps the control plane whole: every interval, while it holds the crown role, one crowning
 * pass; a decision to act is recorded (fenced) before anything changes, so of two controllers
 * only the holder's record lands and only it crowns. Every pass's decision is an event.
 */
export async function runCrownController(o: CrownControllerOptions, signal: AbortSignal): Promise<void> {
  let last = '';
  while (!signal.aborted) {
    if (o.gate.held()) {
      const e = await pass(o, signal).catch(
        (err): CrownEvent => ({
          at: Date.now(),
          decision: { kind: 'refused', reasons: [`the pass failed: ${errorText(err)}`] },
        }),
      );
      // A steady cluster is one event, not one per interval.
      const key = JSON.stringify([e.decision.kind, e.decision.reasons, e.outcome]);
      if (e.outcome || key !== last) o.onEvent(e);
      last = key;
    }
    await sleep(o.intervalMs, undefined, { signal }).catch(() => {});
  }
}

async function pass(o: CrownControllerOptions, signal: AbortSignal): Promise<CrownEvent> {
  const p = await crownPass(o.deployment, o.transport);
  const e: CrownEvent = { at: Date.now(), decision: p.decision };
  if (!p.set) return e;
  if (!o.gate.held() || !(await o.record(e))) {
    return { ...e, outcome: { ok: false, changed: 0, error: 'another controller holds the crown role now' } };
  }
  const r: DeploymentResult = await runDeployment(p.set, o.transport, { ...o.run, signal });
  const error = r.failures.map((f) => `${f.host} ${f.step}: ${f.error}`).join('; ');
  return { ...e, outcome: { ok: r.ok, changed: r.changed, ...(error ? { error } : {}) } };
}
