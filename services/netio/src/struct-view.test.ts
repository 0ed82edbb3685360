import { describe, expect, it } from 'vitest';
import { decodeSockaddrIn, encodeSockaddrIn, findPktInfo } from './kernel-structs.ts';
import { pktInfoAt, sockaddrInAt } from './struct-view.ts';

/** A control buffer: an unrelated cmsg (SO_TIMESTAMP-sized), then IP_PKTINFO, at `offset` in a larger block. */
function control(offset: number): { block: Uint8Array; length: number } {
  const block = new Uint8Array(offset + 64 + 16);
  const v = new DataView(block.buffer);
  const at = offset;
  v.setUint32(at, 32, true); // cmsg_len (size_t, high half 0)
  v.setInt32(at + 8, 1, true); // SOL_SOCKET
  v.setInt32(at + 12, 29, true); // SO_TIMESTAMP
  v.setUint32(at + 32, 28, true);
  v.setInt32(at + 40, 0, true); // IPPROTO_IP
  v.setInt32(at + 44, 8, true); // IP_PKTINFO
  v.setInt32(at + 48, 7, true); // ipi_ifindex
  block.set([10, 77, 0, 1], at + 52); // ipi_spec_dst
  block.set([255, 255, 255, 255], at + 56); // ipi_addr
  return { block, length: 64 };
}

describe('struct readers in place', () => {
  it('read a sockaddr_in as decodeSockaddrIn does, at any offset', () => {
    const block = new Uint8Array(40);
    block.set(encodeSockaddrIn('10.77.0.2', 67), 24);
    const v = new DataView(block.buffer);
    expect(sockaddrInAt(v, 24, 16)).toEqual(decodeSockaddrIn(block.subarray(24)));
    expect(sockaddrInAt(v, 24, 4)).toEqual({ address: '0.0.0.0', port: 0 });
    expect(sockaddrInAt(v, 0, 16)).toEqual({ address: '0.0.0.0', port: 0 });
  });

  it('find IP_PKTINFO past other control messages as findPktInfo does', () => {
    const { block, length } = control(8);
    const found = pktInfoAt(new DataView(block.buffer), 8, length);
    expect(found).toEqual({ ifindex: 7, localAddress: '10.77.0.1', destination: '255.255.255.255' });
    expect(found).toEqual(findPktInfo(block.subarray(8, 8 + length)));
    expect(pktInfoAt(new DataView(block.buffer), 8, 40)).toBeUndefined();
  });
});
