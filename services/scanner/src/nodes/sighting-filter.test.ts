import { describe, expect, it } from 'vitest';
import type { NodeState } from './scan-diff.ts';
import { filterSightings } from './sighting-filter.ts';

const node = (mac: string): [string, NodeState] => [
  mac,
  { mac, ips: ['10.0.0.5'], online: true, conflict: false, firstSeenMs: 1, lastSeenMs: 2 },
];
const mac = (i: number) =>
  `02:00:00:00:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;

describe('filterSightings', () => {
  it('keeps every pair when each address has one MAC', () => {
    const s = [
      { ip: '10.0.0.5', mac: mac(1) },
      { ip: '10.0.0.6', mac: mac(2) },
    ];
    expect(filterSightings(new Map(), s)).toEqual({ kept: s, unconfirmed: 0, contested: [] });
  });

  it('lets the known MAC keep a contested address, else only the first to answer', () => {
    const flood = Array.from({ length: 8 }, (_, i) => ({ ip: '10.0.0.5', mac: mac(100 + i) }));
    const owner = { ip: '10.0.0.5', mac: mac(1) };
    const r = filterSightings(new Map([node(mac(1))]), [...flood, owner]);
    expect(r).toEqual({ kept: [owner], unconfirmed: 8, contested: ['10.0.0.5'] });
    const unknown = filterSightings(new Map(), flood);
    expect(unknown.kept).toEqual([flood[0]]);
    expect(unknown.unconfirmed).toBe(7);
  });

  it('adds at most maxNew new machines in one scan', () => {
    const s = Array.from({ length: 300 }, (_, i) => ({ ip: `10.0.${i >> 8}.${i & 255}`, mac: mac(i) }));
    const r = filterSightings(new Map([node(mac(299))]), s, 100);
    expect(r.kept).toHaveLength(101);
    expect(r.kept.at(-1)!.mac).toBe(mac(299));
    expect(r.unconfirmed).toBe(199);
  });
});
