import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePacket, encodePacket, type TftpPacket } from './codec.ts';
import type { FileSource } from './file-source.ts';
import { type Peer, TftpServer } from './index.ts';

// A hand-driven client, so the test can lose packets and inject strays on purpose.
const data = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 7) & 0xff);
const memory: FileSource = {
  open: async (name) =>
    name === 'f'
      ? { ok: true, file: { size: data.length, read: async (o, l) => data.slice(o, o + l), close: async () => {} } }
      : { ok: false, error: 'not-found', reason: 'no' },
};

async function client(): Promise<{ s: Socket; next: () => Promise<[TftpPacket, Peer]> }> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const inbox: [TftpPacket, Peer][] = [];
  const waiting: ((v: [TftpPacket, Peer]) => void)[] = [];
  s.on('message', (m, from) => {
    const d = decodePacket(m);
    if (!d.ok) throw new Error(d.reason);
    const item: [TftpPacket, Peer] = [d.packet, from];
    const w = waiting.shift();
    if (w) w(item);
    else inbox.push(item);
  });
  const next = () => {
    const item = inbox.shift();
    return item ? Promise.resolve(item) : new Promise<[TftpPacket, Peer]>((r) => waiting.push(r));
  };
  return { s, next };
}

describe('a transfer over loopback, driven by hand', () => {
  let server: TftpServer;
  let port: number;
  const send = (s: Socket, p: TftpPacket | Uint8Array, to: Peer) =>
    s.send(p instanceof Uint8Array ? p : encodePacket(p), to.port, to.address);
  beforeAll(async () => {
    const rto = { initialMs: 40, minMs: 20, maxMs: 200 };
    server = new TftpServer({ source: memory, address: '127.0.0.1', port: 0, rto });
    ({ port } = await server.listen());
  });
  afterAll(() => server.close());

  it('answers a foreign TID with ERROR 5, ignores garbage, recovers lost blocks, and completes', async () => {
    const done = once(server, 'complete');
    const c = await client();
    const stray = await client();
    const rrq: TftpPacket = { op: 'rrq', filename: 'f', mode: 'octet', options: [{ name: 'windowsize', value: '4' }] };
    send(c.s, rrq, { address: '127.0.0.1', port });
    const [oack, tid] = await c.next();
    expect(oack).toEqual({ op: 'oack', options: [{ name: 'windowsize', value: '4' }] });
    send(stray.s, { op: 'ack', block: 0 }, tid);
    expect((await stray.next())[0]).toEqual({ op: 'error', code: 5, message: 'Unknown transfer ID' });
    send(c.s, Uint8Array.of(1), tid);
    send(c.s, { op: 'ack', block: 0 }, tid);
    const got = new Uint8Array(data.length);
    let expected = 1;
    let dropped = false;
    for (;;) {
      const [p] = await c.next();
      if (p.op === 'oack') continue; // a retransmitted OACK: a loaded machine may answer later than the 40 ms RTO
      if (p.op !== 'data') throw new Error(`unexpected ${p.op}`);
      if (p.block === 3 && !dropped) {
        dropped = true; // lose block 3 once; blocks 4.. are out of order and discarded
        continue;
      }
      if (p.block !== expected) continue;
      got.set(p.data, (p.block - 1) * 512);
      expected++;
      if (p.data.length < 512) {
        send(c.s, { op: 'ack', block: p.block }, tid);
        break;
      }
      if (p.block % 4 === 0) send(c.s, { op: 'ack', block: p.block }, tid);
    }
    const [event] = await done;
    expect(got).toEqual(data);
    expect(event.stats).toMatchObject({ bytes: data.length, unknownTid: 1, garbage: 1 });
    expect(event.stats.retransmits).toBeGreaterThan(0);
    c.s.close();
    stray.s.close();
  });

  it('ends quietly when UEFI answers the OACK with ERROR 8 (size probe)', async () => {
    const done = once(server, 'complete');
    const c = await client();
    send(
      c.s,
      { op: 'rrq', filename: 'f', mode: 'octet', options: [{ name: 'tsize', value: '0' }] },
      { address: '127.0.0.1', port },
    );
    const [oack, tid] = await c.next();
    expect(oack).toEqual({ op: 'oack', options: [{ name: 'tsize', value: '20000' }] });
    send(c.s, { op: 'error', code: 8, message: 'probe' }, tid);
    expect((await done)[0].outcome).toBe('probe');
    c.s.close();
  });

  it('survives random and mutated datagrams to the request port and still serves', async () => {
    const c = await client();
    const seed = encodePacket({ op: 'rrq', filename: 'f', mode: 'octet', options: [{ name: 'blksize', value: '8' }] });
    const samples = fc.sample(
      fc.oneof(
        fc.uint8Array({ maxLength: 64 }),
        fc.uint8Array({ minLength: 4, maxLength: 4 }).map((m) => Uint8Array.from([0, 2, ...m, 0])),
      ),
      200,
    );
    for (const b of samples) send(c.s, b, { address: '127.0.0.1', port });
    send(c.s, seed.subarray(0, 5), { address: '127.0.0.1', port });
    await new Promise((r) => setTimeout(r, 200));
    const ok = await client();
    send(ok.s, { op: 'rrq', filename: 'nope', mode: 'octet', options: [] }, { address: '127.0.0.1', port });
    expect((await ok.next())[0]).toMatchObject({ op: 'error', code: 1 });
    expect([...server.counters.dropped.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    c.s.close();
    ok.s.close();
  });
});
