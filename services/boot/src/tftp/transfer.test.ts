import { describe, expect, it } from 'vitest';
import { ReadTransfer, type TransferAction } from './transfer.ts';

const rto = { initialMs: 1000, minMs: 100, maxMs: 8000 };
const make = (size: number, blksize = 512, windowsize = 1, oack = false, timeoutSeconds?: number) =>
  new ReadTransfer({ size, settings: { blksize, windowsize, timeoutSeconds }, oack, rto, maxRetries: 3 });
const blocks = (a: TransferAction[]) => a.flatMap((x) => (x.kind === 'send-data' ? [x.block] : []));

describe('ReadTransfer', () => {
  it('gives up on a client that never acknowledges within seconds, whatever timeout it asked for', () => {
    for (const timeoutSeconds of [undefined, 5, 255]) {
      const t = new ReadTransfer({
        size: 1 << 20,
        settings: { blksize: 512, windowsize: 1, timeoutSeconds },
        oack: true,
      });
      t.start(0);
      let now = 0;
      while (!t.ended && now < 3_600_000) {
        now = t.deadline!;
        t.onTimeout(now);
      }
      expect(t.ended).toBe(true);
      expect(now).toBeLessThanOrEqual(15_000);
    }
  });

  it('also bounds silence after progress, counted from the last acknowledgement', () => {
    const t = new ReadTransfer({
      size: 1 << 20,
      settings: { blksize: 512, windowsize: 1, timeoutSeconds: 5 },
      oack: false,
    });
    t.start(0);
    t.onAck(1, 100_000);
    let now = 100_000;
    while (!t.ended) {
      now = t.deadline!;
      t.onTimeout(now);
    }
    expect(now - 100_000).toBeLessThanOrEqual(15_000);
    expect(now - 100_000).toBeGreaterThanOrEqual(10_000);
  });

  it('sends an empty block for an empty file and completes on its ACK', () => {
    const t = make(0);
    expect(t.start(0)).toEqual([{ kind: 'send-data', block: 1, offset: 0, length: 0 }]);
    expect(t.onAck(1, 5)).toEqual([{ kind: 'end', outcome: { kind: 'complete' } }]);
    expect(t.stats).toMatchObject({ bytes: 0, durationMs: 5, blocksSent: 1, retransmits: 0 });
  });

  it('ends a file of exactly one block with an empty second block (RFC 1350 §6)', () => {
    const t = make(512);
    t.start(0);
    expect(t.onAck(1, 1)).toEqual([{ kind: 'send-data', block: 2, offset: 512, length: 0 }]);
    expect(t.onAck(2, 2)[0]).toMatchObject({ kind: 'end' });
    expect(t.stats.bytes).toBe(512);
  });

  it('sends the OACK first, waits for ACK 0, and treats ERROR 8 there as a quiet size probe', () => {
    const t = make(10_000, 1468, 4, true);
    expect(t.start(0)).toEqual([{ kind: 'send-oack' }]);
    expect(t.onAck(1, 1)).toEqual([]);
    expect(t.onError(8, 'size probe', 2)).toEqual([{ kind: 'end', outcome: { kind: 'probe' } }]);
    const u = make(10_000, 1468, 4, true);
    u.start(0);
    expect(blocks(u.onAck(0, 1))).toEqual([1, 2, 3, 4]);
    expect(u.onError(8, 'late', 2)).toEqual([
      { kind: 'end', outcome: { kind: 'client-error', code: 8, message: 'late' } },
    ]);
  });

  it('sends windows, slides to an ACK inside the window, and finishes with the short block', () => {
    const t = make(10 * 512 + 100, 512, 4);
    expect(blocks(t.start(0))).toEqual([1, 2, 3, 4]);
    expect(blocks(t.onAck(4, 1))).toEqual([5, 6, 7, 8]);
    // Block 7 was lost: the client acknowledges 6, the next window starts at 7.
    expect(blocks(t.onAck(6, 2))).toEqual([7, 8, 9, 10]);
    const last = t.onAck(10, 3);
    expect(last).toEqual([{ kind: 'send-data', block: 11, offset: 5120, length: 100 }]);
    expect(t.onAck(11, 4)[0]).toMatchObject({ kind: 'end' });
    expect(t.stats).toMatchObject({ bytes: 5220, blocksSent: 13, retransmits: 2 });
  });

  it('ignores duplicate and stale ACKs: no Sorcerer’s Apprentice', () => {
    const t = make(100 * 512, 512, 4);
    t.start(0);
    t.onAck(4, 1);
    for (let i = 0; i < 5; i++) expect(t.onAck(4, 2)).toEqual([]);
    expect(t.onAck(3, 2)).toEqual([]);
    expect(t.onAck(9, 2)).toEqual([]); // beyond what was sent
    expect(t.stats.blocksSent).toBe(8);
  });

  it('resends the window on timeout with doubling delays and gives up after max retries', () => {
    const t = make(100 * 512, 512, 2);
    t.start(0);
    expect(t.deadline).toBe(1000);
    expect(t.onTimeout(999)).toEqual([]);
    expect(blocks(t.onTimeout(1000))).toEqual([1, 2]);
    expect(t.deadline).toBe(3000);
    expect(blocks(t.onTimeout(3000))).toEqual([1, 2]);
    expect(blocks(t.onTimeout(7000))).toEqual([1, 2]);
    expect(t.onTimeout(15_000)).toEqual([{ kind: 'end', outcome: { kind: 'timeout' } }]);
    expect(t.stats).toMatchObject({ retransmits: 6, timeouts: 4 });
    expect(t.deadline).toBeUndefined();
  });

  it('adapts the timeout to measured round trips, skipping resent blocks (Karn)', () => {
    const t = make(100 * 512);
    t.start(0);
    t.onAck(1, 10); // sample 10 ms → RTO clamped up to 100
    expect(t.deadline).toBe(110);
    t.onTimeout(110); // block 2 resent: its ACK gives no sample
    t.onAck(2, 900);
    expect(t.stats.srttMs).toBe(10);
    expect(t.deadline).toBe(900 + 200); // still the backed-off RTO
  });

  it('uses the negotiated RFC 2349 timeout as given, without backoff', () => {
    const t = make(100 * 512, 512, 1, true, 3);
    t.start(0);
    expect(t.deadline).toBe(3000);
    t.onTimeout(3000);
    expect(t.deadline).toBe(6000);
    t.onAck(0, 6001);
    expect(t.deadline).toBe(9001);
  });

  it('wraps block numbers from 65535 to 0 and keeps counting ACKs across the wrap', () => {
    const t = make(70_000 * 8, 8, 16);
    let actions = t.start(0);
    let now = 0;
    const seen: number[] = [];
    while (actions[0]?.kind === 'send-data') {
      const b = blocks(actions);
      if (seen.length < 65_530 + 16) seen.push(...b);
      actions = t.onAck(b[b.length - 1]!, ++now);
    }
    expect(actions).toEqual([{ kind: 'end', outcome: { kind: 'complete' } }]);
    expect(seen.slice(65_533, 65_538)).toEqual([65534, 65535, 0, 1, 2]);
    expect(t.stats.bytes).toBe(560_000);
  });
});
