import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../config/settings.ts';
import { Prober } from './prober.ts';
import { DhcpStats } from './stats.ts';

function prober(
  answers: Map<string, number | null>,
  settings: Partial<typeof DEFAULT_SETTINGS.conflictDetection> = {},
) {
  const conflicts: number[] = [];
  const pinged: string[] = [];
  const stats = new DhcpStats();
  let now = 1000;
  const p = new Prober({
    pinger: {
      ping: async (a) => {
        pinged.push(a);
        return answers.get(a) ?? null;
      },
    },
    settings: { ...DEFAULT_SETTINGS.conflictDetection, ...settings },
    stats,
    onConflict: (a) => conflicts.push(a),
    candidates: (n) => [1, 2, 3, 4, 5, 6].slice(0, n),
    now: () => now,
    toText: (a) => `10.0.0.${a}`,
  });
  return { p, conflicts, pinged, stats, advance: (ms: number) => (now += ms) };
}

describe('Prober', () => {
  it('marks a silent address clear and an answering one in use, and reports the conflict', async () => {
    const t = prober(new Map([['10.0.0.2', 0.3]]));
    t.p.probe(1);
    t.p.probe(2);
    expect(t.p.status(1)).toBe('pending');
    await Promise.all([t.p.settled(1), t.p.settled(2)]);
    expect([t.p.status(1), t.p.status(2)]).toEqual(['clear', 'in-use']);
    expect(t.conflicts).toEqual([2]);
    expect(Object.fromEntries(t.stats.probes)).toEqual({ clear: 1, 'in-use': 1 });
    t.p.close();
  });

  it('forgets a result after validSeconds', async () => {
    const t = prober(new Map(), { validSeconds: 10 });
    t.p.probe(1);
    await t.p.settled(1);
    t.advance(10_001);
    expect(t.p.status(1)).toBe('unknown');
    t.p.close();
  });

  it('probes ahead the next free addresses, and skips beyond its rate', async () => {
    const t = prober(new Map(), { ahead: 3, perSecond: 4 });
    t.p.refillSoon();
    await new Promise((r) => setImmediate(r));
    expect(t.pinged).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    t.p.probe(4);
    t.p.probe(5);
    expect(t.pinged).toHaveLength(4);
    expect(t.stats.probes.get('skipped')).toBe(1);
    t.p.close();
  });

  it('does nothing without a socket', () => {
    const p = new Prober({
      pinger: undefined,
      settings: DEFAULT_SETTINGS.conflictDetection,
      stats: new DhcpStats(),
      onConflict: () => {},
      candidates: () => [1],
      toText: String,
    });
    p.probe(1);
    expect(p.status(1)).toBe('unknown');
    p.close();
  });
});
