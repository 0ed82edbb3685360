import { type Host, Lab, labSkipReason } from '@paddock/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUdp, type UdpDatagram } from '../src/index.ts';

const skip = labSkipReason();

describe.skipIf(skip)('UDP receive in batches (recvmmsg)', () => {
  let lab: Lab;
  let a: Host;
  let s: Host;

  beforeAll(async () => {
    lab = await Lab.create('udpbatch');
    const sw = await lab.bridge('sw0');
    [a, s] = [await lab.host('a'), await lab.host('s')];
    await lab.link(a, sw, { ifname: 'eth0', addresses: ['10.78.0.1/24'] });
    await lab.link(s, sw, { ifname: 'eth0', addresses: ['10.78.0.3/24'] });
  }, 60_000);

  afterAll(async () => {
    await lab?.destroy();
  });

  it('delivers a burst larger than a batch whole, in order, with addresses and sizes intact', async () => {
    // A socket buffer with room for the whole burst: this tests reading it, not the kernel's queue.
    const server = openUdp({
      interface: 'eth0',
      port: 6767,
      netns: s.netns,
      batchReceive: true,
      receiveBuffer: 1 << 20,
    });
    const client = openUdp({ interface: 'eth0', port: 6868, netns: a.netns });
    const seen: UdpDatagram[] = [];
    server.on('message', (d) => seen.push(d));
    try {
      // Sizes from 1 byte to a fragmented 20 000; sent while the server's loop cannot read,
      // so they wait in its socket and come out 64 to a recvmmsg (200 = 3 full batches + 8).
      const sizes = Array.from({ length: 200 }, (_, i) => (i === 100 ? 20_000 : 1 + ((i * 37) % 600)));
      for (const [i, n] of sizes.entries()) {
        const body = new Uint8Array(n).fill(i % 251);
        body[0] = i;
        expect(client.send(body, '10.78.0.3', 6767)).toBe(true);
      }
      const deadline = Date.now() + 5000;
      while (seen.length < sizes.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(seen.map((d) => d.data.length)).toEqual(sizes);
      expect(seen.map((d) => d.data[0])).toEqual(sizes.map((_, i) => i % 256));
      expect(seen.every((d, i) => d.data.subarray(1).every((b) => b === i % 251))).toBe(true);
      expect(seen[0]).toMatchObject({
        ifname: 'eth0',
        remote: { address: '10.78.0.1', port: 6868 },
        localAddress: '10.78.0.3',
        destination: '10.78.0.3',
      });
      expect(server.stats().received).toBe(sizes.length);
    } finally {
      server.close();
      client.close();
    }
  });
});
