import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { decodePacket, encodePacket } from './codec.ts';
import type { FileSource } from './file-source.ts';
import { TftpServer } from './server.ts';

const data = new Uint8Array(1 << 20);
const memory: FileSource = {
  open: async () => ({
    ok: true,
    file: { size: data.length, read: async (o, l) => data.slice(o, o + l), close: async () => {} },
  }),
};
const sockets: Socket[] = [];
let server: TftpServer | undefined;
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await server?.close();
});

/** A client on `address` that sends one read request and reports the first answer's opcode/message. */
async function request(address: string, port: number, options: string): Promise<string> {
  const s = createSocket('udp4');
  sockets.push(s);
  await new Promise<void>((r) => s.bind(0, address, r));
  const answer = new Promise<string>((resolve) => {
    s.once('message', (m) => {
      const d = decodePacket(m);
      resolve(!d.ok ? 'garbage' : d.packet.op === 'error' ? `error: ${d.packet.message}` : d.packet.op);
    });
    // Lanes (worker threads) start on demand: slow on a loaded machine.
    setTimeout(() => resolve('silence'), 20_000);
  });
  s.send(Buffer.from(`\0\x01big.bin\0octet\0${options}`), port, '127.0.0.1');
  return answer;
}

describe('TftpServer slots under a burst of requests that are never acknowledged', () => {
  it('limits transfers per client address, frees the slots within seconds and serves a later client', async () => {
    server = new TftpServer({ source: memory, address: '127.0.0.1', port: 0, maxTransfers: 12 });
    const { port } = await server.listen();
    const burst = await Promise.all(Array.from({ length: 12 }, () => request('127.0.0.1', port, 'timeout\x00255\0')));
    // Eight from one address; the rest are told why, and timeout 255 is not echoed (nor obeyed).
    expect(burst.filter((a) => a === 'data')).toHaveLength(8);
    expect(burst.filter((a) => a === 'error: Too many transfers from this address')).toHaveLength(4);
    expect(server.activeTransfers).toBe(8);
    // Another machine is served while the silent ones still hold their slots.
    expect(await request('127.0.0.2', port, 'tsize\x000\0')).toBe('oack');
    const started = performance.now();
    while (server.activeTransfers > 0 && performance.now() - started < 30_000)
      await new Promise((r) => setTimeout(r, 200));
    expect(server.activeTransfers).toBe(0);
    expect(performance.now() - started).toBeLessThan(16_000);
  }, 90_000);

  it('counts undecodable datagrams under a closed set of reasons, whatever names they carry', async () => {
    server = new TftpServer({ source: memory, address: '127.0.0.1', port: 0 });
    const { port } = await server.listen();
    const s = createSocket('udp4');
    sockets.push(s);
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    for (let i = 0; i < 300; i++) {
      s.send(Buffer.from(`\0\x06${`opt${i}-`.padEnd(2000, 'x')}\0v`), port, '127.0.0.1');
      // Paced, so that the request socket's receive buffer does not overflow.
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 20));
    }
    s.send(encodePacket({ op: 'ack', block: 1 }), port, '127.0.0.1');
    const started = performance.now();
    const total = () => [...server!.counters.dropped.values()].reduce((a, b) => a + b, 0);
    while (total() < 301 && performance.now() - started < 10_000) await new Promise((r) => setTimeout(r, 50));
    expect(total()).toBe(301);
    expect(Object.fromEntries(server.counters.dropped)).toEqual({ undecodable: 300, 'not-a-request': 1 });
  });
});

describe('TftpServer.listen', () => {
  it('rejects when the port is taken, and closes cleanly after', async () => {
    const taken = createSocket('udp4');
    sockets.push(taken);
    await new Promise<void>((r) => taken.bind(0, '127.0.0.1', r));
    server = new TftpServer({ source: memory, address: '127.0.0.1', port: taken.address().port });
    await expect(server.listen()).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await server.close();
    server = undefined;
  });
});
