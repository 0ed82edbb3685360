import { NodeEventKind, type WatchNodesResponse } from '@paddock/proto/scanner/v1/scanner.ts';
import { WakeEventKind, WakeState, type WatchWakesResponse } from '@paddock/proto/scanner/v1/wake.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { describe, expect, it } from 'vitest';
import { scanObservation, wakeObservation } from './scanner-reader.ts';

const MAC = '52:54:00:12:34:56';

describe('scanner feeds', () => {
  const nodeEvent = (revision: bigint, kind: NodeEventKind, watch: WatchEventKind): WatchNodesResponse => ({
    watch: { kind: watch, revision, resetReason: 0 },
    event: {
      kind,
      atUnixMs: 300n,
      previousIps: [],
      conflictIp: '',
      otherMac: '',
      node: {
        mac: MAC,
        ips: ['10.0.0.20'],
        vendor: {
          organization: '',
          registry: '',
          prefix: '525400',
          locallyAdministered: true,
          multicast: false,
          note: 'QEMU/KVM virtual NIC',
        },
        firstSeenUnixMs: 1n,
        lastSeenUnixMs: 300n,
        online: true,
        openPorts: [],
        conflict: false,
        confirmed: true,
      },
    },
  });

  it('reads nodes, as they stand and as they change', () => {
    const snap = scanObservation(
      nodeEvent(2n, NodeEventKind.NODE_EVENT_KIND_UNSPECIFIED, WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT),
    );
    expect(snap).toEqual({
      kind: 'scan',
      mac: MAC,
      at: 300,
      ips: ['10.0.0.20'],
      online: true,
      vendor: 'QEMU/KVM virtual NIC',
    });
    const change = nodeEvent(3n, NodeEventKind.NODE_EVENT_KIND_APPEARED, WatchEventKind.WATCH_EVENT_KIND_CHANGE);
    expect(scanObservation(change)).toEqual(snap);
    expect(
      scanObservation({ watch: { kind: WatchEventKind.WATCH_EVENT_KIND_SYNCED, revision: 3n, resetReason: 0 } }),
    ).toBeUndefined();
  });

  it('takes no sighting the scanner has not confirmed (seen once, or contested)', () => {
    const once = nodeEvent(4n, NodeEventKind.NODE_EVENT_KIND_APPEARED, WatchEventKind.WATCH_EVENT_KIND_CHANGE);
    once.event!.node!.confirmed = false;
    expect(scanObservation(once)).toBeUndefined();
  });

  it('reads a wake that ended awake', () => {
    const wake = (state: WakeState): WatchWakesResponse => ({
      watch: { kind: WatchEventKind.WATCH_EVENT_KIND_CHANGE, revision: 9n, resetReason: 0 },
      event: {
        kind: WakeEventKind.WAKE_EVENT_KIND_CHANGED,
        wake: {
          id: 'w1',
          mac: MAC,
          ip: '10.0.0.20',
          state,
          interface: 'eth0',
          requestedAtUnixMs: 1n,
          finishedAtUnixMs: 50n,
          packetsSent: 3,
          probesSent: 2,
          detail: '',
          timeoutMs: 0,
        },
      },
    });
    expect(wakeObservation(wake(WakeState.WAKE_STATE_WAKING))).toBeUndefined();
    expect(wakeObservation(wake(WakeState.WAKE_STATE_AWAKE))).toEqual({
      kind: 'awake',
      mac: MAC,
      at: 50,
      ip: '10.0.0.20',
    });
  });
});
