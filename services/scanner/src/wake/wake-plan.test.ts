import { describe, expect, it } from 'vitest';
import { WakePlan } from './wake-plan.ts';

describe('WakePlan', () => {
  it('sends at the given offsets, probes at its interval, and expires at the timeout', () => {
    const plan = new WakePlan({ timeoutMs: 3000, resendAtMs: [0, 1000], probeEveryMs: 700 }, 0);
    const log: string[] = [];
    let now = 0;
    for (;;) {
      const s = plan.next(now);
      if ('expired' in s) break;
      if (s.send) log.push(`send@${now}`);
      if (s.probe) log.push(`probe@${now}`);
      now = s.wakeAt;
    }
    expect(log).toEqual(['send@0', 'probe@700', 'send@1000', 'probe@1400', 'probe@2100', 'probe@2800']);
    expect(now).toBe(3000);
  });
});
