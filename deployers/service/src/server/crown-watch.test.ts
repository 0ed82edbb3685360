import type { StepSet } from '@paddock/deployers';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../request/deploy-options.ts';
import { type CrownWatchOptions, decisionKey, runCrownWatch } from './crown-watch.ts';
import type { Prepared } from './deploy-manager.ts';

/** A manager whose passes decide what `decisions` says, in turn; records what was launched and discarded. */
function fakeManager(decisions: [string, boolean][]) {
  const seen = { launched: [] as string[], discarded: [] as string[], prepared: 0 };
  let i = 0;
  const manager: CrownWatchOptions['manager'] = {
    async prepare(req) {
      const [decision, acts] = decisions[Math.min(i++, decisions.length - 1)]!;
      seen.prepared++;
      const set: StepSet & { decision: string } = {
        name: 'crown-paddock',
        stages: acts ? [{ name: 'crown', hosts: [], steps: () => [] }] : [],
        decision,
      };
      return { req, set, transport: {} as Prepared['transport'], ac: new AbortController() };
    },
    launch(p) {
      seen.launched.push(p.set.decision ?? '');
      return { view: {} as never, done: Promise.resolve() };
    },
    async discard(p) {
      seen.discarded.push(p.set.decision ?? '');
    },
  };
  return { manager, seen };
}

async function runFor(o: Omit<CrownWatchOptions, 'targets' | 'options' | 'intervalMs'>, passes: () => boolean) {
  const ac = new AbortController();
  const done = runCrownWatch(
    { ...o, targets: async () => [{ name: 'a', address: '10.0.0.1' }], options: resolveOptions(), intervalMs: 1 },
    ac.signal,
  );
  while (!passes()) await new Promise((r) => setTimeout(r, 1));
  ac.abort();
  await done;
}

describe('the crowning controller of paddock up', () => {
  it('shows a decision that changes nothing once, and acts after recording the decision', async () => {
    const { manager, seen } = fakeManager([
      ['steady: 3 of 3 members healthy', false],
      ['steady: 3 of 3 members healthy', false],
      ['wait: m1: etcd unhealthy for 4 s of 30 s', false],
      ['wait: m1: etcd unhealthy for 9 s of 30 s', false],
      ['crown: w1 is a healthy worker', true],
      ['steady: 3 of 3 members healthy', false],
    ]);
    const recorded: string[] = [];
    const errors: unknown[] = [];
    await runFor(
      {
        manager,
        gate: { held: () => true },
        record: async (d) => {
          recorded.push(d);
          return true;
        },
        onError: (e) => errors.push(e),
      },
      () => seen.prepared >= 8,
    );
    expect(seen.launched).toEqual([
      'steady: 3 of 3 members healthy',
      'wait: m1: etcd unhealthy for 4 s of 30 s',
      'crown: w1 is a healthy worker',
      'steady: 3 of 3 members healthy',
    ]);
    expect(recorded).toEqual(['crown: w1 is a healthy worker']);
    expect(errors).toEqual([]);
  });

  it('does nothing without the role, and carries nothing out when the fenced record fails', async () => {
    const { manager, seen } = fakeManager([['crown: w1 is a healthy worker', true]]);
    let held = false;
    const errors: string[] = [];
    const ticks = { n: 0 };
    await runFor(
      {
        manager,
        gate: {
          held: () => {
            ticks.n++;
            return held;
          },
        },
        record: async () => false,
        onError: (e) => errors.push((e as Error).message),
      },
      () => ticks.n > 5,
    );
    expect(seen.prepared).toBe(0);
    held = true;
    await runFor(
      {
        manager,
        gate: { held: () => held },
        record: async () => false,
        onError: (e) => errors.push((e as Error).message),
      },
      () => seen.prepared >= 2,
    );
    expect(seen.launched).toEqual([]);
    expect(seen.discarded.length).toBeGreaterThanOrEqual(2);
    expect(errors[0]).toMatch(/^not carried out, another server holds the crown role now: crown: w1/);
  });

  it('compares decisions without the seconds a member has been unhealthy', () => {
    expect(decisionKey('wait: m1: etcd unhealthy for 4 s of 30 s', false)).toBe(
      decisionKey('wait: m1: etcd unhealthy for 12 s of 30 s', false),
    );
    expect(decisionKey('crown: w1', true)).not.toBe(decisionKey('crown: w1', false));
  });
});
