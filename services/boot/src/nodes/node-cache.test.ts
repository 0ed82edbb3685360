import { describe, expect, it } from 'vitest';
import { type FedNode, NodeCache, type NodeEvent } from './node-cache.ts';

const node = (id: string, macs: string[], labels: Record<string, string> = {}, bootRule = ''): FedNode => ({
  id,
  macs,
  labels,
  bootRule,
});
const ev = (kind: NodeEvent['kind'], revision: number, n?: FedNode): NodeEvent => ({
  kind,
  revision: BigInt(revision),
  node: n,
});

describe('the boot service’s inventory node cache', () => {
  it('serves a snapshot only once it is complete, then each change', () => {
    const c = new NodeCache();
    c.apply(ev('reset', 4));
    c.apply(ev('snapshot', 4, node('a', ['52:54:00:00:00:01'], { role: 'worker' }, 'install')));
    expect(c.nodeFor('52:54:00:00:00:01')).toBeUndefined();
    c.apply(ev('synced', 4));
    expect(c.nodeFor('52:54:00:00:00:01')).toEqual({ labels: { role: 'worker' }, bootRule: 'install' });
    expect(c.nodeFor('52:54:00:00:00:01'.toUpperCase())).toBeDefined();
    expect(c.revision).toBe(4n);
    c.apply(ev('updated', 5, node('a', ['52:54:00:00:00:02'], {})));
    expect(c.nodeFor('52:54:00:00:00:01')).toBeUndefined();
    expect(c.nodeFor('52:54:00:00:00:02')).toEqual({ labels: {}, bootRule: '' });
    c.apply(ev('created', 6, node('b', ['52:54:00:00:00:03'], { role: 'db' })));
    c.apply(ev('deleted', 7, node('a', ['52:54:00:00:00:02'])));
    expect(c.nodeFor('52:54:00:00:00:02')).toBeUndefined();
    expect(c.nodeFor('52:54:00:00:00:03')?.labels).toEqual({ role: 'db' });
    expect([c.size, c.revision]).toEqual([1, 7n]);
  });

  it('keeps its last whole view when a new snapshot is cut short, and replaces it when one completes', () => {
    const c = new NodeCache();
    for (const e of [ev('reset', 2), ev('snapshot', 2, node('a', ['52:54:00:00:00:01'])), ev('synced', 2)]) c.apply(e);
    c.apply(ev('reset', 9));
    c.apply(ev('snapshot', 9, node('z', ['52:54:00:00:00:09'])));
    c.interrupted();
    expect(c.nodeFor('52:54:00:00:00:01')).toBeDefined();
    expect(c.nodeFor('52:54:00:00:00:09')).toBeUndefined();
    expect(c.revision).toBe(2n);
    for (const e of [ev('reset', 9), ev('snapshot', 9, node('z', ['52:54:00:00:00:09'])), ev('synced', 9)]) c.apply(e);
    expect(c.nodeFor('52:54:00:00:00:01')).toBeUndefined();
    expect(c.nodeFor('52:54:00:00:00:09')).toBeDefined();
    expect(c.revision).toBe(9n);
  });
});
