import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confirmed, diffScan, type NodeState } from './scan-diff.ts';

const A = '00:1b:21:00:00:0a';
const B = '00:1b:21:00:00:0b';
const C = '00:1b:21:00:00:0c';
const all = () => true;

function known(...nodes: Array<Partial<NodeState> & { mac: string }>): Map<string, NodeState> {
  return new Map(
    nodes.map((n) => [n.mac, { ips: [], online: true, conflict: false, firstSeenMs: 1, lastSeenMs: 2, ...n }]),
  );
}

describe('confirmed', () => {
  it('holds for a node seen by two scans and not contested, and only then', () => {
    const n: NodeState = { mac: A, ips: ['10.0.0.5'], online: true, conflict: false, firstSeenMs: 1, lastSeenMs: 2 };
    expect(confirmed(n)).toBe(true);
    expect(confirmed({ ...n, lastSeenMs: 1 })).toBe(false);
    expect(confirmed({ ...n, conflict: true })).toBe(false);
  });
});

describe('diffScan', () => {
  it('forgets a machine only one scan saw once a later scan of its address does not see it', () => {
    const prev = known({ mac: A, ips: ['10.0.0.5'], firstSeenMs: 7, lastSeenMs: 7 }, { mac: B, ips: ['10.0.0.6'] });
    const d = diffScan(prev, [], all, 9);
    expect(d.removed).toEqual([A]);
    expect(d.nodes.map((n) => n.mac)).toEqual([B]);
    expect(d.changes.map((c) => [c.kind, c.node.mac])).toEqual([
      ['disappeared', A],
      ['disappeared', B],
    ]);
  });

  it('reports new machines as appeared, with first and last seen now', () => {
    const d = diffScan(
      new Map(),
      [
        { ip: '10.0.0.10', mac: A },
        { ip: '10.0.0.2', mac: B },
      ],
      all,
      50,
    );
    expect(d.changes.map((c) => [c.kind, c.node.mac, c.node.ips])).toEqual([
      ['appeared', B, ['10.0.0.2']],
      ['appeared', A, ['10.0.0.10']],
    ]);
    expect(d.nodes.every((n) => n.firstSeenMs === 50 && n.lastSeenMs === 50 && n.online)).toBe(true);
  });

  it('reports silence as disappeared only for addresses the scan covered', () => {
    const prev = known({ mac: A, ips: ['10.0.0.5'] }, { mac: B, ips: ['10.0.1.5'] });
    const d = diffScan(prev, [], (ip) => ip.startsWith('10.0.0.'), 9);
    expect(d.changes).toEqual([{ kind: 'disappeared', node: expect.objectContaining({ mac: A, online: false }) }]);
    expect(d.nodes.map((n) => n.mac)).toEqual([A]);
  });

  it('reports a known machine answering for another address as an IP change, keeping first-seen', () => {
    const prev = known({ mac: A, ips: ['10.0.0.5'], firstSeenMs: 3 });
    const d = diffScan(prev, [{ ip: '10.0.0.6', mac: A }], all, 9);
    expect(d.changes).toEqual([
      {
        kind: 'ip-changed',
        node: expect.objectContaining({ ips: ['10.0.0.6'], firstSeenMs: 3 }),
        previousIps: ['10.0.0.5'],
      },
    ]);
  });

  it('a machine that comes back after being offline has appeared again', () => {
    const prev = known({ mac: A, ips: ['10.0.0.5'], online: false });
    expect(diffScan(prev, [{ ip: '10.0.0.5', mac: A }], all, 9).changes.map((c) => c.kind)).toEqual(['appeared']);
  });

  it('reports two MACs answering for one address as a conflict, once', () => {
    const prev = known({ mac: A, ips: ['10.0.0.5'] });
    const scan = [
      { ip: '10.0.0.5', mac: A },
      { ip: '10.0.0.5', mac: C },
    ];
    const d = diffScan(prev, scan, all, 9);
    expect(d.changes.filter((c) => c.kind === 'conflict')).toEqual([
      expect.objectContaining({ ip: '10.0.0.5', otherMac: C, node: expect.objectContaining({ mac: A }) }),
      expect.objectContaining({ ip: '10.0.0.5', otherMac: A, node: expect.objectContaining({ mac: C }) }),
    ]);
    const again = diffScan(new Map(d.nodes.map((n) => [n.mac, n])), scan, all, 10);
    expect(again.changes).toEqual([]);
  });

  it('a second scan that sees a machine again confirms it, once', () => {
    const prev = known({ mac: A, ips: ['10.0.0.5'], firstSeenMs: 7, lastSeenMs: 7 }, { mac: B, ips: ['10.0.0.6'] });
    const d = diffScan(
      prev,
      [
        { ip: '10.0.0.5', mac: A },
        { ip: '10.0.0.6', mac: B },
      ],
      all,
      9,
    );
    expect(d.changes.map((c) => [c.kind, c.node.mac])).toEqual([['confirmed', A]]);
    expect(confirmed(prev.get(A)!)).toBe(false);
    expect(d.nodes.every(confirmed)).toBe(true);
    const again = new Map(d.nodes.map((n) => [n.mac, n]));
    const both = [
      { ip: '10.0.0.5', mac: A },
      { ip: '10.0.0.6', mac: B },
    ];
    expect(diffScan(again, both, all, 11).changes).toEqual([]);
  });

  it('after a scan, repeating it only confirms, then changes nothing (fuzzed)', () => {
    const pair = fc.record({
      ip: fc.integer({ min: 1, max: 20 }).map((n) => `10.0.0.${n}`),
      mac: fc.integer({ min: 1, max: 20 }).map((n) => `00:1b:21:00:00:${n.toString(16).padStart(2, '0')}`),
    });
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 30 }), fc.array(pair, { maxLength: 30 }), (first, second) => {
        const d1 = diffScan(new Map(), first, all, 1);
        const state = new Map(d1.nodes.map((n) => [n.mac, n]));
        const d2 = diffScan(state, second, all, 2);
        for (const n of d2.nodes) state.set(n.mac, n);
        for (const mac of d2.removed) state.delete(mac);
        // The repeat only confirms what the last scan saw first (or saw contested); then nothing changes.
        const d3 = diffScan(state, second, all, 3);
        for (const c of d3.changes) {
          expect(c.kind).toBe('confirmed');
          const before = state.get(c.node.mac)!;
          expect(before.firstSeenMs === before.lastSeenMs || before.conflict).toBe(true);
        }
        for (const n of d3.nodes) state.set(n.mac, n);
        expect(diffScan(state, second, all, 4).changes).toEqual([]);
        expect(new Set(d1.changes.filter((c) => c.kind === 'appeared').map((c) => c.node.mac)).size).toBe(
          new Set(first.map((p) => p.mac)).size,
        );
      }),
    );
  });
});
