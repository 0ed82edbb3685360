import {
  LifecycleState,
  type Node,
  NodeEventKind,
  type WatchNodesResponse,
} from '@paddock/proto/inventory/v1/inventory.ts';
import { WatchEventKind as K } from '@paddock/proto/watch/v1/watch.ts';
import { describe, expect, it } from 'vitest';
import { archLabel, powerSummary, primaryAddress, stateLabel } from './node-format.ts';
import { applyNodeEvent, EMPTY, sortedNodes } from './nodes-state.ts';

const node = (id: string, name: string, over: Partial<Node> = {}): Node => ({
  id,
  name,
  labels: {},
  nics: [],
  addresses: [],
  architecture: '',
  firmware: 0,
  vendor: '',
  bootRule: '',
  description: '',
  createdAtUnixMs: 0n,
  updatedAtUnixMs: 0n,
  lastSeenUnixMs: 0n,
  revision: 0n,
  ...over,
});
const ev = (
  watch: K,
  revision: bigint,
  n?: Node,
  kind: NodeEventKind = NodeEventKind.NODE_EVENT_KIND_UNSPECIFIED,
): WatchNodesResponse => ({
  watch: { kind: watch, revision, resetReason: 0 },
  kind,
  ...(n ? { node: n } : {}),
});

describe('the console copy of the inventory', () => {
  it('builds from a snapshot, follows changes, and starts over on RESET', () => {
    let s = EMPTY;
    for (const e of [
      ev(K.WATCH_EVENT_KIND_RESET, 3n),
      ev(K.WATCH_EVENT_KIND_SNAPSHOT, 3n, node('2', 'web')),
      ev(K.WATCH_EVENT_KIND_SNAPSHOT, 3n, node('1', 'db')),
      ev(K.WATCH_EVENT_KIND_SYNCED, 3n),
      ev(K.WATCH_EVENT_KIND_CHANGE, 4n, node('2', 'web', { description: 'x' }), NodeEventKind.NODE_EVENT_KIND_UPDATED),
      ev(K.WATCH_EVENT_KIND_CHANGE, 5n, node('1', 'db'), NodeEventKind.NODE_EVENT_KIND_DELETED),
      ev(K.WATCH_EVENT_KIND_PROGRESS, 5n),
    ])
      s = applyNodeEvent(s, e);
    expect(s.synced).toBe(true);
    expect(s.revision).toBe(5n);
    expect(sortedNodes(s).map((n) => [n.name, n.description])).toEqual([['web', 'x']]);
    s = applyNodeEvent(s, ev(K.WATCH_EVENT_KIND_RESET, 9n));
    expect(s).toEqual({ nodes: new Map(), revision: 9n, synced: false });
  });

  it('names states, power, architecture and the address people want first', () => {
    const n = node('1', 'vm', {
      architecture: 'x86_64',
      firmware: 1,
      power: {
        desired: 1,
        observed: 2,
        observedAtUnixMs: 0n,
        lastError: '',
        failures: 0,
        nextAttemptAtUnixMs: 0n,
        changedAtUnixMs: 0n,
      },
      addresses: [
        { ip: '10.0.0.9', mac: '', source: 2, updatedAtUnixMs: 0n, expiresAtUnixMs: 0n },
        { ip: '10.0.0.7', mac: '', source: 1, updatedAtUnixMs: 0n, expiresAtUnixMs: 0n },
      ],
    });
    expect(stateLabel(LifecycleState.LIFECYCLE_STATE_READY)).toBe('ready');
    expect(powerSummary(n)).toBe('off → on');
    expect(archLabel(n)).toBe('x86_64 · BIOS');
    expect(primaryAddress(n)).toBe('10.0.0.7');
    expect(primaryAddress(node('2', 'x'))).toBe('—');
  });
});
