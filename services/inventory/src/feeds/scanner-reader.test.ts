import { NodeEventKind, type WatchNodesResponse } from '@paddock/proto/scanner/v1/scanner.ts';
import { WakeEventKind, WakeState, type WatchWakesResponse } from '@paddock/proto/scanner/v1/wake.ts';
import { describe, expect, it } from 'vitest';
import { scannerNodesReader, scannerWakesReader } from './scanner-reader.ts';

const MAC = '52:54:00:12:34:56';

describe('scanner feeds', () => {
  const nodeEvent = (revision: bigint, kind: NodeEventKind): WatchNodesResponse => ({
    event: {
      revision,
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
      },
    },
  });

  it('reads nodes, with the cursor after the snapshot', () => {
    const read = scannerNodesReader();
    expect(read(nodeEvent(2n, NodeEventKind.NODE_EVENT_KIND_RESET))).toEqual({});
    const snap = read(nodeEvent(2n, NodeEventKind.NODE_EVENT_KIND_SNAPSHOT));
    expect(snap).toEqual({
      observation: {
        kind: 'scan',
        mac: MAC,
        at: 300,
        ips: ['10.0.0.20'],
        online: true,
        vendor: 'QEMU/KVM virtual NIC',
      },
    });
    expect(read(nodeEvent(3n, NodeEventKind.NODE_EVENT_KIND_APPEARED)).cursor).toBe(3n);
  });

  it('takes no unconfirmed sighting: seen by one scan only, or an address several MACs answered for', () => {
    const read = scannerNodesReader();
    const once = nodeEvent(4n, NodeEventKind.NODE_EVENT_KIND_APPEARED);
    once.event!.node!.firstSeenUnixMs = 300n;
    once.event!.node!.lastSeenUnixMs = 300n;
    expect(read(once)).toEqual({ cursor: 4n });
    const contested = nodeEvent(5n, NodeEventKind.NODE_EVENT_KIND_CONFLICT);
    contested.event!.node!.conflict = true;
    expect(read(contested)).toEqual({ cursor: 5n });
  });

  it('reads a wake that ended awake', () => {
    const read = scannerWakesReader();
    const wake = (state: WakeState): WatchWakesResponse => ({
      event: {
        revision: 9n,
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
    expect(read(wake(WakeState.WAKE_STATE_WAKING))).toEqual({ cursor: 9n });
    expect(read(wake(WakeState.WAKE_STATE_AWAKE))).toEqual({
      cursor: 9n,
      observation: { kind: 'awake', mac: MAC, at: 50, ip: '10.0.0.20' },
    });
  });
});
