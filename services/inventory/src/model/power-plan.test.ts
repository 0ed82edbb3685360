import { describe, expect, it } from 'vitest';
import { initialPower, type Power } from './node.ts';
import { afterFailure, afterSuccess, BACKOFF_CAP_MS, backoffMs, observe, planPower } from './power-plan.ts';

const power = (p: Partial<Power>): Power => ({ ...initialPower(0), ...p });

describe('power plan', () => {
  it('acts only when desired and observed differ and both are known', () => {
    expect(planPower(power({ desired: 'on', observed: 'off' }), 10)).toEqual({ kind: 'act', action: 'on' });
    expect(planPower(power({ desired: 'off', observed: 'on' }), 10)).toEqual({ kind: 'act', action: 'off' });
    expect(planPower(power({ desired: 'on', observed: 'on' }), 10).kind).toBe('none');
    expect(planPower(power({ desired: 'unknown', observed: 'off' }), 10).kind).toBe('none');
    expect(planPower(power({ desired: 'on', observed: 'unknown' }), 10)).toEqual({
      kind: 'none',
      why: 'observed power unknown',
    });
  });

  it('waits out the back-off after failures, then tries again', () => {
    let p = power({ desired: 'on', observed: 'off' });
    p = afterFailure(p, 'bridge br0 is gone', 1000);
    expect(p).toMatchObject({ failures: 1, lastError: 'bridge br0 is gone', nextAttemptAt: 1000 + backoffMs(1) });
    expect(planPower(p, 1001)).toEqual({ kind: 'wait', until: p.nextAttemptAt });
    expect(planPower(p, p.nextAttemptAt)).toEqual({ kind: 'act', action: 'on' });
    p = afterFailure(p, 'still gone', 5000);
    expect(p.failures).toBe(2);
    expect(p.nextAttemptAt - 5000).toBe(2 * backoffMs(1));
  });

  it('backs off exponentially up to a cap', () => {
    expect(backoffMs(0)).toBe(0);
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
    expect(backoffMs(1000)).toBe(BACKOFF_CAP_MS);
  });

  it('clears failures on success and leaves the machine to settle', () => {
    const failed = afterFailure(power({ desired: 'on', observed: 'off' }), 'x', 0);
    const ok = afterSuccess(failed, 'on', 100, 5000);
    expect(ok).toMatchObject({ desired: 'on', failures: 0, lastError: '', nextAttemptAt: 5100 });
    expect(planPower(ok, 200)).toEqual({ kind: 'wait', until: 5100 });
  });

  it('moves changedAt only when the observed state changes', () => {
    const p = observe(power({ observed: 'off', changedAt: 5 }), 'off', 50);
    expect(p).toMatchObject({ observedAt: 0, changedAt: 5 });
    expect(observe(p, 'on', 60)).toMatchObject({ observed: 'on', observedAt: 60, changedAt: 60 });
  });
});
