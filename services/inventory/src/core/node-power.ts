import { applyMove, decide } from '../model/lifecycle.ts';
import type { Node, PowerState } from '../model/node.ts';
import { observe } from '../model/power-plan.ts';

/**
 * A node after its provider reported its power: a machine seen going from on to off also moves
 * its lifecycle (booting or ready → off), so the history says when it stopped.
 */
export function withObservedPower(node: Node, observed: PowerState, now: number, reason: string): Node {
  const power = observe(node.power, observed, now);
  if (power === node.power) return node;
  let lifecycle = node.lifecycle;
  if (observed === 'off') {
    const v = decide(lifecycle, { kind: 'powered-off', at: now, source: 'power', reason });
    if (v.kind === 'move') lifecycle = applyMove(lifecycle, v.entry);
  }
  return { ...node, power, lifecycle, updatedAt: now };
}

/** Booting for longer than `timeoutMs` without phoning home is a failed boot. */
export function withBootTimeout(node: Node, now: number, timeoutMs: number): Node {
  const l = node.lifecycle;
  if (l.state !== 'booting' || now - l.since < timeoutMs) return node;
  const reason = `no phone-home ${Math.round(timeoutMs / 1000)} s after booting started`;
  const v = decide(l, { kind: 'boot-failed', at: now, source: 'inventory', reason });
  return v.kind === 'move' ? { ...node, lifecycle: applyMove(l, v.entry), updatedAt: now } : node;
}
