import { describe, expect, it } from 'vitest';
import { ServerCounters } from './server-counters.ts';

describe('ServerCounters', () => {
  it('counts drops by reason code and sums transfer stats', () => {
    const c = new ServerCounters();
    c.drop('undecodable');
    c.drop('undecodable');
    expect([...c.dropped]).toEqual([['undecodable', 2]]);
    const stats = {
      bytes: 10,
      durationMs: 1,
      blocksSent: 2,
      retransmits: 1,
      timeouts: 1,
      srttMs: 1,
      unknownTid: 2,
      garbage: 3,
    };
    c.record({ kind: 'complete' }, stats);
    c.record({ kind: 'timeout' }, stats);
    expect(c).toMatchObject({ completed: 1, failed: 1, bytesSent: 20, retransmits: 2, unknownTid: 4, garbage: 6 });
  });
});
