/**
 * The CLI's HTTP/2 client against servers that break the protocol: raw sockets on loopback that
 * answer garbage, reset the stream, go away or send random frames. Each call ends with a clear
 * gRPC error, never a crash or a hang.
 */
import { createServer, type Server, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame, FrameType, settingsPayload, words } from '../src/h2-client/frames.ts';
import { createH2Client, GrpcCallError } from '../src/h2-client/index.ts';
import { describeGrpcError } from '../src/index.ts';
import { Echo, info } from './echo-service.ts';

const PREFACE_BYTES = 24;
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A server that, once the client's preface came, writes `answer(socket)`'s bytes. */
async function rawServer(answer: (socket: Socket) => void): Promise<string> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    let seen = 0;
    socket.on('data', (chunk) => {
      const before = seen;
      seen += chunk.length;
      if (before < PREFACE_BYTES && seen >= PREFACE_BYTES) answer(socket);
    });
  });
  server.on('close', () => {
    for (const s of sockets) s.destroy();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `127.0.0.1:${(server.address() as { port: number }).port}`;
}

async function callOn(address: string, deadlineMs = 5000): Promise<GrpcCallError> {
  const c = createH2Client(Echo, { address, insecure: true });
  try {
    const err = await c.echo(info({ name: 'x' }), { deadlineMs }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GrpcCallError);
    return err as GrpcCallError;
  } finally {
    c.close();
  }
}

const settings = encodeFrame(FrameType.settings, 0, 0, settingsPayload([]));

describe('the HTTP/2 client against a server that breaks the protocol', () => {
  it('says so when the server answers HTTP/1.1', async () => {
    const address = await rawServer((s) => s.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'));
    expect(describeGrpcError(await callOn(address))).toMatch(/^unavailable: .*broke HTTP\/2: a frame of \d+ octets/);
  });

  it('maps a reset stream by its code, and a GOAWAY that did not take the call', async () => {
    const refused = await rawServer((s) =>
      s.write(Buffer.concat([settings, encodeFrame(FrameType.rstStream, 0, 1, words(7))])),
    );
    const err = await callOn(refused);
    expect(err.code).toBe(14);
    expect(err.details).toMatch(/REFUSED_STREAM/);
    const away = await rawServer((s) =>
      s.write(Buffer.concat([settings, encodeFrame(FrameType.goaway, 0, 0, words(0, 0))])),
    );
    expect(describeGrpcError(await callOn(away))).toMatch(/^unavailable: .*going away \(NO_ERROR\)/);
  });

  it('ends a call whose connection closed before the answer', async () => {
    const address = await rawServer((s) => s.end(settings));
    expect(describeGrpcError(await callOn(address))).toMatch(/^unavailable: .*connection closed/);
  });

  it('ends every call with a gRPC error whatever frames a server sends', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            type: fc.integer({ min: 0, max: 10 }),
            flags: fc.integer({ min: 0, max: 255 }),
            stream: fc.constantFrom(0, 1, 3),
            payload: fc.uint8Array({ maxLength: 40 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.boolean(),
        async (frames, close) => {
          const bytes = Buffer.concat([
            settings,
            ...frames.map((f) => encodeFrame(f.type, f.flags, f.stream, f.payload)),
          ]);
          const address = await rawServer((s) => (close ? s.end(bytes) : s.write(bytes)));
          const err = await callOn(address, 300);
          expect(err.code).toBeGreaterThan(0);
          await new Promise((r) => servers.pop()?.close(r));
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});
