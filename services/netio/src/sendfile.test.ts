import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendFileTo } from './sendfile.ts';

const fdOf = (s: Socket) => (s as unknown as { _handle: { fd: number } })._handle.fd;

describe('sendFileTo over loopback TCP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paddock-sendfile-'));
  const path = join(dir, 'f');
  const data = randomBytes(12 << 20);
  let server: Server;
  const waiting: ((s: Socket) => void)[] = [];
  beforeAll(async () => {
    writeFileSync(path, data);
    server = createServer((s) => waiting.shift()?.(s));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A connected pair: the server side (whose fd we send on) and the client. */
  async function pair(): Promise<{ server: Socket; client: Socket }> {
    const next = new Promise<Socket>((r) => waiting.push(r));
    const client = connect((server.address() as { port: number }).port, '127.0.0.1');
    return { server: await next, client };
  }
  const drain = async (c: Socket) => {
    const parts: Buffer[] = [];
    for await (const p of c) parts.push(p as Buffer);
    return Buffer.concat(parts);
  };

  it('sends a whole file, and any range of it, byte for byte', async () => {
    const fh = await open(path, 'r');
    for (const [offset, length] of [
      [0, data.length],
      [123_457, 5_000_000],
    ] as const) {
      const { server: s, client } = await pair();
      const received = drain(client);
      expect(await sendFileTo(fdOf(s), fh.fd, offset, length)).toBe(length);
      s.end();
      expect((await received).equals(data.subarray(offset, offset + length))).toBe(true);
    }
    await fh.close();
  });

  it('stops at the end of a file shorter than asked, saying how much it sent', async () => {
    const fh = await open(path, 'r');
    const { server: s, client } = await pair();
    const received = drain(client);
    expect(await sendFileTo(fdOf(s), fh.fd, data.length - 1000, 5000)).toBe(1000);
    s.end();
    expect((await received).length).toBe(1000);
    await fh.close();
  });

  it('gives up on a client that stops reading, and on one that went away', async () => {
    const fh = await open(path, 'r');
    const stalled = await pair();
    stalled.client.pause();
    await expect(sendFileTo(fdOf(stalled.server), fh.fd, 0, data.length, { idleMs: 200 })).rejects.toThrow(/idle/);
    stalled.client.destroy();
    stalled.server.destroy();
    // A client that resets mid-file (firmware often reads a header, then closes).
    const gone = await pair();
    gone.client.pause();
    gone.server.on('error', () => {});
    const sending = sendFileTo(fdOf(gone.server), fh.fd, 0, data.length, { idleMs: 10_000 });
    setTimeout(() => gone.client.resetAndDestroy(), 100);
    await expect(sending).rejects.toThrow(/^sendfile: E(PIPE|CONNRESET)/);
    gone.server.destroy();
    await fh.close();
  });
});
