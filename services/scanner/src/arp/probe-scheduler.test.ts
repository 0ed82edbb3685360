import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Probe, ProbeScheduler, type RetryPolicy } from './probe-scheduler.ts';

const POLICY: RetryPolicy = {
  rate: 1000,
  tries: 3,
  timeoutMs: 500,
  backoff: 1.5,
  adaptive: true,
  minTimeoutMs: 50,
  lingerMs: 500,
};

interface Run {
  probes: Array<Probe & { at: number }>;
  found: Map<string, number>;
  endedAt: number;
}

/** Drives a scheduler on a simulated clock; `answerAfter(target)` is the reply delay, or undefined. */
function simulate(
  targets: string[],
  policy: RetryPolicy,
  answerAfter: (t: string, attempt: number) => number | undefined,
): Run {
  let now = 0;
  const s = new ProbeScheduler(targets, policy, now);
  const replies: Array<{ at: number; target: string }> = [];
  const probes: Run['probes'] = [];
  const found = new Map<string, number>();
  for (let step = 0; step < 1_000_000; step++) {
    replies.sort((a, b) => a.at - b.at);
    while (replies.length > 0 && replies[0]!.at <= now) {
      const r = replies.shift()!;
      const rtt = s.answer(r.target, r.at);
      if (rtt !== undefined) found.set(r.target, rtt);
    }
    const { send, wakeAt } = s.next(now);
    for (const p of send) {
      probes.push({ ...p, at: now });
      const delay = answerAfter(p.target, p.attempt);
      if (delay !== undefined) replies.push({ at: now + delay, target: p.target });
    }
    if (wakeAt === undefined) return { probes, found, endedAt: now };
    expect(wakeAt).toBeGreaterThanOrEqual(now);
    const nextReply = replies.length > 0 ? Math.min(...replies.map((r) => r.at)) : Number.POSITIVE_INFINITY;
    now = Math.max(now + 1e-6, Math.min(wakeAt, nextReply));
  }
  throw new Error('scheduler never finished');
}

const hosts = (n: number) => Array.from({ length: n }, (_, i) => `10.0.${i >> 8}.${i & 255}`);

describe('ProbeScheduler', () => {
  it('asks a silent target `tries` times, each wait longer by the backoff (fixed timeout)', () => {
    const run = simulate(['10.0.0.1'], { ...POLICY, adaptive: false }, () => undefined);
    expect(run.probes.map((p) => [p.attempt, p.at])).toEqual([
      [1, 0],
      [2, 500],
      [3, 1250],
    ]);
    // Then it listens for the last wait (longer than the linger here): 1250 + 1125.
    expect(run.endedAt).toBeCloseTo(2375);
    expect(run.found.size).toBe(0);
  });

  it('finds every answering host once, never retries them, and ends as soon as all answered', () => {
    const targets = hosts(254);
    const live = new Set(targets.filter((_, i) => i % 5 === 0));
    const run = simulate(targets, POLICY, (t) => (live.has(t) ? 0.3 : undefined));
    expect([...run.found.keys()].sort()).toEqual([...live].sort());
    for (const t of live) expect(run.probes.filter((p) => p.target === t)).toHaveLength(1);
    for (const t of targets.filter((x) => !live.has(x))) {
      expect(run.probes.filter((p) => p.target === t).map((p) => p.attempt)).toEqual([1, 2, 3]);
    }
    // Learnt waits: a /24 with 0.3 ms round trips is over in about a second, not arp-scan's 2 s.
    expect(run.endedAt).toBeLessThan(1300);
    const all = simulate(targets, POLICY, () => 0.3);
    expect(all.found.size).toBe(254);
    expect(all.endedAt).toBeLessThan(300);
  });

  it('still counts a slow host that answers only after the learnt waits', () => {
    const targets = hosts(100);
    const run = simulate(targets, POLICY, (t) => (t === '10.0.0.50' ? 400 : t.endsWith('.7') ? 0.2 : undefined));
    expect(run.found.has('10.0.0.50')).toBe(true);
    expect(run.found.has('10.0.0.7')).toBe(true);
  });

  it('never exceeds the send rate (plus its 20 ms burst) in any window', () => {
    const run = simulate(hosts(2000), { ...POLICY, rate: 500 }, () => undefined);
    const times = run.probes.map((p) => p.at);
    for (let i = 0; i < times.length; i += 97) {
      const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(500 + 10 + 1);
    }
    expect(run.probes).toHaveLength(6000);
  });

  it('ignores replies from addresses it never asked', () => {
    const s = new ProbeScheduler(['10.0.0.1'], POLICY, 0);
    s.next(0);
    expect(s.answer('10.0.0.2', 1)).toBeUndefined();
    expect(s.asked('10.0.0.2')).toBe(false);
    expect(s.answer('10.0.0.1', 2)).toBe(2);
    expect(s.answer('10.0.0.1', 3)).toBeUndefined();
  });

  it('holds for any mix of live, slow and silent hosts (fuzzed)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.double({ min: 0, max: 300, noNaN: true })), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        (delays, tries, adaptive) => {
          const targets = hosts(delays.length);
          const policy = { ...POLICY, tries, adaptive };
          const run = simulate(targets, policy, (t) => delays[targets.indexOf(t)] ?? undefined);
          targets.forEach((t, i) => {
            const n = run.probes.filter((p) => p.target === t).length;
            expect(n).toBeGreaterThanOrEqual(1);
            expect(n).toBeLessThanOrEqual(tries);
            if (delays[i] === null) expect(n).toBe(tries);
            if (delays[i] !== null) expect(run.found.has(t)).toBe(true);
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
