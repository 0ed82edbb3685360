import type { Link, Member, Path } from '@paddock/proto/overlay/v1/overlay.ts';

/** A member placed on the drawing. */
export interface GraphNode {
  name: string;
  x: number;
  y: number;
  address: string;
  /** Where its packets are seen from, when that differs from what it announced: it is behind NAT. */
  publicEndpoint: string;
  behindNat: boolean;
  /** How many pairs' traffic passes through it. */
  relaying: number;
}

export type EdgeKind = 'direct' | 'relayed' | 'unreachable';

/** A pair of members and the path their traffic takes. */
export interface GraphEdge {
  a: string;
  b: string;
  kind: EdgeKind;
  via: string;
  /** Round trip over the path (the sum of both legs when relayed); undefined until measured. */
  latencyUs: number | undefined;
  /** The worst loss measured on any leg of the path, percent. */
  lossPercent: number | undefined;
  /** An agent measured the direct path down (why the pair is relayed or unreachable). */
  directDown: boolean;
  /** Where its label goes. */
  label: { x: number; y: number };
}

export interface Graph {
  width: number;
  height: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The measured round trip and loss between two members, both directions taken together. */
function leg(
  links: Map<string, Link>,
  x: string,
  y: string,
): { latencyUs?: number; lossPercent?: number; down: boolean } {
  const both = [links.get(`${x}>${y}`), links.get(`${y}>${x}`)].filter((l) => l !== undefined);
  const up = both.filter((l) => l.up);
  return {
    latencyUs: up.length ? Math.max(...up.map((l) => l.latencyUs)) : undefined,
    lossPercent: both.length ? Math.max(...both.map((l) => l.lossPercent)) : undefined,
    down: both.some((l) => !l.up),
  };
}

const sum = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a + b);
const worst = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

/**
 * Members on a circle in name order (a stable drawing: a member joining moves the others a
 * little, never shuffles them), and one edge per pair with the path the control plane chose.
 */
export function layoutGraph(members: Member[], links: Link[], paths: Path[], width = 720, height = 460): Graph {
  const sorted = [...members].sort((a, b) => a.name.localeCompare(b.name));
  const r = Math.min(width, height) / 2 - 60;
  const byLink = new Map(links.map((l) => [`${l.from}>${l.to}`, l]));
  const relaying = new Map<string, number>();
  for (const p of paths) if (p.via) relaying.set(p.via, (relaying.get(p.via) ?? 0) + 1);
  const nodes = sorted.map((m, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / sorted.length;
    const alone = sorted.length === 1;
    return {
      name: m.name,
      x: Math.round(width / 2 + (alone ? 0 : r * Math.cos(angle))),
      y: Math.round(height / 2 + (alone ? 0 : r * Math.sin(angle))),
      address: m.address,
      publicEndpoint: m.publicEndpoint,
      behindNat: m.publicEndpoint !== '',
      relaying: relaying.get(m.name) ?? 0,
    };
  });
  const at = new Map(nodes.map((n) => [n.name, n]));
  const centre = { x: width / 2, y: height / 2 };
  const edges = paths
    .filter((p) => at.has(p.a) && at.has(p.b))
    .map((p): GraphEdge => {
      const direct = leg(byLink, p.a, p.b);
      const label = labelAt(at.get(p.a)!, at.get(p.b)!, p.via ? at.get(p.via) : undefined, centre);
      const base = { a: p.a, b: p.b, via: p.via, directDown: direct.down, label };
      if (!p.reachable) return { ...base, kind: 'unreachable', latencyUs: undefined, lossPercent: direct.lossPercent };
      if (!p.via) return { ...base, kind: 'direct', latencyUs: direct.latencyUs, lossPercent: direct.lossPercent };
      const x = leg(byLink, p.a, p.via);
      const y = leg(byLink, p.via, p.b);
      return {
        ...base,
        kind: 'relayed',
        latencyUs: sum(x.latencyUs, y.latencyUs),
        lossPercent: worst(x.lossPercent, y.lossPercent),
      };
    })
    .sort((e, f) => `${e.a}|${e.b}`.localeCompare(`${f.a}|${f.b}`));
  return { width, height, nodes, edges };
}

type Point = { x: number; y: number };
const along = (p: Point, q: Point, t: number): Point => ({
  x: Math.round(p.x + (q.x - p.x) * t),
  y: Math.round(p.y + (q.y - p.y) * t),
});

/**
 * A relayed pair's label sits just inside its relay (its legs run along other pairs' lines, whose
 * labels are at their middles); a direct pair's at its middle, unless that is the centre of the
 * circle, where every diameter crosses: then nearer one end.
 */
function labelAt(a: Point, b: Point, via: Point | undefined, centre: Point): Point {
  if (via) return along(via, centre, 0.3);
  const mid = along(a, b, 0.5);
  return Math.hypot(mid.x - centre.x, mid.y - centre.y) < 30 ? along(a, b, 0.72) : mid;
}

/** "0.42 ms", "12.3 ms"; "not measured" before any probe answered. */
export function formatRtt(us: number | undefined): string {
  if (us === undefined) return 'not measured';
  return `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)} ms`;
}

/** What an edge's label says: round trip and loss. */
export const edgeLabel = (e: GraphEdge): string =>
  e.kind === 'unreachable'
    ? 'unreachable'
    : `${formatRtt(e.latencyUs)}${e.lossPercent !== undefined ? ` · ${e.lossPercent}% loss` : ''}`;
