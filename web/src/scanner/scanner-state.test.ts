import { type Node, NodeEventKind, type WatchNodesResponse } from '@paddock/proto/scanner/v1/scanner.ts';
import { WakeEventKind, type WakeRecord, WakeState } from '@paddock/proto/scanner/v1/wake.ts';
import { WatchEventKind as K } from '@paddock/proto/watch/v1/watch.ts';
import { describe, expect, it } from 'vitest';
import { wakeText } from './scanner-format.ts';
import { applyNodeEvent, applyWakeEvent, emptyWatched, latestWakes, sortedNodes } from './scanner-state.ts';

const node = (mac: string, ip: string): Node => ({
  mac,
  ips: [ip],
  firstSeenUnixMs: 0n,
  lastSeenUnixMs: 0n,
  online: true,
  openPorts: [],
  conflict: false,
  confirmed: true,
});
const ev = (
  revision: bigint,
  watch: K,
  n?: Node,
  kind: NodeEventKind = NodeEventKind.NODE_EVENT_KIND_UNSPECIFIED,
): WatchNodesResponse => ({
  watch: { kind: watch, revision, resetReason: 0 },
  ...(n && { event: { kind, node: n, atUnixMs: 0n, previousIps: [], conflictIp: '', otherMac: '' } }),
});
const wake = (id: string, mac: string, state: WakeState, at: bigint): WakeRecord => ({
  id,
  mac,
  ip: '',
  state,
  interface: 'eth0',
  requestedAtUnixMs: at,
  finishedAtUnixMs: at + 2500n,
  packetsSent: 1,
  probesSent: 0,
  detail: 'arp reply',
  timeoutMs: 1000,
});

describe('scanner page state', () => {
  it('builds the node list from a snapshot and changes, sorted by address, tracking the revision', () => {
    let s = emptyWatched<Node>();
    s = applyNodeEvent(s, ev(5n, K.WATCH_EVENT_KIND_RESET));
    s = applyNodeEvent(s, ev(5n, K.WATCH_EVENT_KIND_SNAPSHOT, node('aa', '10.0.0.10')));
    s = applyNodeEvent(s, ev(5n, K.WATCH_EVENT_KIND_SNAPSHOT, node('bb', '10.0.0.9')));
    s = applyNodeEvent(s, ev(5n, K.WATCH_EVENT_KIND_SYNCED));
    expect(s.synced).toBe(true);
    const gone = { ...node('aa', '10.0.0.10'), online: false };
    s = applyNodeEvent(s, ev(7n, K.WATCH_EVENT_KIND_CHANGE, gone, NodeEventKind.NODE_EVENT_KIND_DISAPPEARED));
    expect(sortedNodes(s).map((n) => [n.mac, n.online])).toEqual([
      ['bb', true],
      ['aa', false],
    ]);
    expect(s.revision).toBe(7n);
    expect(applyNodeEvent(s, ev(9n, K.WATCH_EVENT_KIND_RESET)).items.size).toBe(0);
  });

  it('keeps the newest wake of each MAC and says how it went', () => {
    let s = emptyWatched<WakeRecord>();
    const old = wake('1', 'aa', WakeState.WAKE_STATE_FAILED, 1000n);
    const next = wake('2', 'aa', WakeState.WAKE_STATE_AWAKE, 2000n);
    for (const [i, w] of [old, next].entries()) {
      s = applyWakeEvent(s, {
        watch: { kind: K.WATCH_EVENT_KIND_CHANGE, revision: BigInt(i + 1), resetReason: 0 },
        event: { kind: WakeEventKind.WAKE_EVENT_KIND_CHANGED, wake: w },
      });
    }
    expect(latestWakes(s).get('aa')?.id).toBe('2');
    expect(wakeText(next)).toBe('awake after 2.5 s');
    expect(wakeText(old)).toBe('failed: arp reply');
    expect(wakeText({ ...next, state: WakeState.WAKE_STATE_WAKING }, 5000)).toBe('waking… 3 s');
  });
});
