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
});
