import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { allocBody, Batch, openDatagram } from './datagram.ts';

describe('DatagramSocket', () => {
  it('sends a scatter-gather batch in order and receives with the sender address', async () => {
    const peer = createSocket('udp4');
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', r));
    const got: Buffer[] = [];
    peer.on('message', (m) => got.push(m));
    const s = openDatagram({ address: '127.0.0.1', port: 0 });
    const body = allocBody(8);
    body.bytes.set([1, 2, 3, 4, 5, 6, 7, 8]);
    const batch = new Batch(3, 2);
    batch.destination('127.0.0.1', peer.address().port);
    batch.add(body, 0, 3).set([0xa0, 0]);
    batch.add(body, 3, 5).set([0xa1, 0]);
    batch.add(body, 8, 0).set([0xa2, 0]);
    expect(() => batch.add(body, 0, 1)).toThrow(RangeError);
    expect(s.sendBatch(batch)).toBe(3);
    while (got.length < 3) await once(peer, 'message');
    expect(got.map((b) => Array.from(b))).toEqual([
      [0xa0, 0, 1, 2, 3],
      [0xa1, 0, 4, 5, 6, 7, 8],
      [0xa2, 0],
    ]);
    const reply = once(s, 'message');
    peer.send(Uint8Array.of(9), s.port, '127.0.0.1');
    const [d] = await reply;
    expect(d).toEqual({ data: Uint8Array.of(9), remote: { address: '127.0.0.1', port: peer.address().port } });
    expect(s.send(Uint8Array.of(7), '127.0.0.1', peer.address().port)).toBe(true);
    s.close();
    batch.free();
    body.free();
    peer.close();
  });

  it('sends a batch as one segmentation-offload send that arrives as separate datagrams', async () => {
    const peer = createSocket('udp4');
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', r));
    const got: Buffer[] = [];
    peer.on('message', (m) => got.push(m));
    const s = openDatagram({ address: '127.0.0.1', port: 0 });
    const body = allocBody(1000);
    body.bytes.forEach((_, i) => {
      body.bytes[i] = i & 0xff;
    });
    const batch = new Batch(4, 4);
    batch.destination('127.0.0.1', peer.address().port);
    // Three full 300-byte segments (4 + 296) and a shorter last one, as a TFTP window ends.
    for (const [i, [at, len]] of [
      [0, 296],
      [296, 296],
      [592, 296],
      [888, 100],
    ].entries()) {
      batch.add(body, at!, len!).set([0, 3, 0, i + 1]);
    }
    expect(batch.bytes).toBe(4 * 4 + 296 * 3 + 100);
    expect(batch.sendSegmented(s.fd, 300)).toBe(4);
    while (got.length < 4) await once(peer, 'message');
    expect(got.map((b) => b.length)).toEqual([300, 300, 300, 104]);
    expect(got.map((b) => b[3])).toEqual([1, 2, 3, 4]);
    expect(Array.from(got[1]!.subarray(4, 8))).toEqual([296 & 0xff, 297 & 0xff, 298 & 0xff, 299 & 0xff]);
    s.close();
    batch.free();
    body.free();
    peer.close();
  });
});
