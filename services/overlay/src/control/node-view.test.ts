import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { describe, expect, it } from 'vitest';
import { linkItem, memberItem, pathItem } from './item-key.ts';
import { NodeView } from './node-view.ts';

const K = WatchEventKind;
const path = (a: string, b: string, via = '') => ({
  network: 'lab',
  a,
  b,
  via,
  portA: 0,
  portB: 0,
  costUs: 0,
  reachable: true,
});
const member = (name: string) => ({
  network: 'lab',
  name,
  publicKey: '',
  address: '',
  tunnelAddress: '',
  endpoint: '',
  publicEndpoint: '',
  joinedAtUnixMs: 0n,
  registeredBy: '',
});

describe('a node view of the topology Watch', () => {
  it('sends a node its members and its own paths, and a path it relayed when that moves away', () => {
    const v = new NodeView('a');
    expect(v.wants(K.WATCH_EVENT_KIND_RESET, undefined)).toBe(true);
    expect(v.wants(K.WATCH_EVENT_KIND_SNAPSHOT, memberItem(member('c')))).toBe(true);
    expect(v.wants(K.WATCH_EVENT_KIND_SNAPSHOT, pathItem(path('a', 'b')))).toBe(true);
    expect(v.wants(K.WATCH_EVENT_KIND_SNAPSHOT, pathItem(path('b', 'c')))).toBe(false);
    expect(v.wants(K.WATCH_EVENT_KIND_SYNCED, undefined)).toBe(true);
    expect(v.wants(K.WATCH_EVENT_KIND_CHANGE, pathItem(path('b', 'c', 'a')))).toBe(true);
    // b-c now through d: a must hear it, to stop relaying them; later changes of b-c too.
    expect(v.wants(K.WATCH_EVENT_KIND_CHANGE, pathItem(path('b', 'c', 'd')))).toBe(true);
    expect(v.wants(K.WATCH_EVENT_KIND_CHANGE, pathItem(path('b', 'c'), true))).toBe(true);
    expect(v.wants(K.WATCH_EVENT_KIND_CHANGE, pathItem(path('c', 'd')))).toBe(false);
    expect(
      v.wants(K.WATCH_EVENT_KIND_CHANGE, linkItem({ network: 'lab', from: 'b', to: 'c', up: true } as never)),
    ).toBe(false);
  });

  it('sends everything on a stream that resumed from a revision', () => {
    const v = new NodeView('a');
    expect(v.wants(K.WATCH_EVENT_KIND_CHANGE, pathItem(path('b', 'c')))).toBe(true);
    expect(v.wants(K.WATCH_EVENT_KIND_SYNCED, undefined)).toBe(true);
    expect(v.wants(K.WATCH_EVENT_KIND_CHANGE, pathItem(path('c', 'd')))).toBe(true);
  });
});
