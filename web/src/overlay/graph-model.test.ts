import type { Link, Member, Path } from '@paddock/proto/overlay/v1/overlay.ts';
import { describe, expect, it } from 'vitest';
import { edgeLabel, layoutGraph } from './graph-model.ts';

const member = (name: string, publicEndpoint = '') => ({ network: 'lab', name, address: '', publicEndpoint }) as Member;
const link = (from: string, to: string, up: boolean, latencyUs: number, lossPercent = 0) =>
  ({ network: 'lab', from, to, up, latencyUs, lossPercent }) as Link;
const path = (a: string, b: string, via = '', reachable = true) => ({ network: 'lab', a, b, via, reachable }) as Path;

describe('overlay graph layout', () => {
  const members = [member('c'), member('a'), member('b', '198.51.100.7:40000'), member('d')];
  const links = [
    link('a', 'b', false, 0, 100),
    link('b', 'a', false, 0, 100),
    link('a', 'c', true, 400),
    link('c', 'a', true, 600, 5),
    link('c', 'b', true, 1000),
    link('b', 'c', true, 900),
  ];
  const paths = [path('a', 'b', 'c'), path('a', 'c'), path('a', 'd'), path('b', 'd', '', false)];
  const g = layoutGraph(members, links, paths);

  it('places every member apart, in name order from the top, and marks those behind NAT', () => {
    expect(g.nodes.map((n) => n.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(g.nodes[0]).toMatchObject({ x: g.width / 2, behindNat: false });
    expect(g.nodes[0]!.y).toBeLessThan(g.height / 2);
    expect(g.nodes.find((n) => n.name === 'b')).toMatchObject({
      behindNat: true,
      publicEndpoint: '198.51.100.7:40000',
    });
    expect(new Set(g.nodes.map((n) => `${n.x},${n.y}`)).size).toBe(4);
    expect(g.nodes.find((n) => n.name === 'c')?.relaying).toBe(1);
  });

  it('gives each pair its path: relayed with the sum of its legs, direct with the slower direction', () => {
    const edge = (a: string, b: string) => g.edges.find((e) => e.a === a && e.b === b)!;
    expect(edge('a', 'b')).toMatchObject({ kind: 'relayed', via: 'c', latencyUs: 600 + 1000, directDown: true });
    expect(edge('a', 'c')).toMatchObject({ kind: 'direct', latencyUs: 600, lossPercent: 5, directDown: false });
    expect(edgeLabel(edge('a', 'c'))).toBe('0.60 ms · 5% loss');
    expect(edgeLabel(edge('a', 'd'))).toBe('not measured');
    expect(edge('b', 'd').kind).toBe('unreachable');
  });

  it('keeps labels apart: a relayed pair labelled inside its relay, a diameter off the centre', () => {
    const at = (n: string) => g.nodes.find((x) => x.name === n)!;
    const edge = (a: string, b: string) => g.edges.find((e) => e.a === a && e.b === b)!;
    const centre = { x: g.width / 2, y: g.height / 2 };
    const dist = (p: { x: number; y: number }, q: { x: number; y: number }) => Math.hypot(p.x - q.x, p.y - q.y);
    // a (top) and c (bottom) face each other: the middle of their line is the centre.
    expect(dist(edge('a', 'c').label, centre)).toBeGreaterThan(30);
    expect(dist(edge('a', 'b').label, at('c'))).toBeLessThan(dist(edge('a', 'b').label, centre));
    const labels = g.edges.map((e) => `${e.label.x},${e.label.y}`);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('draws a lone member in the middle and leaves out paths of members it does not know', () => {
    const one = layoutGraph([member('a')], [], [path('a', 'gone')]);
    expect(one.nodes[0]).toMatchObject({ x: one.width / 2, y: one.height / 2 });
    expect(one.edges).toEqual([]);
  });
});
