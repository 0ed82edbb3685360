/**
 * The CLI's small HTTP/2 gRPC client against the runtime's grpc-js server, TLS and credentials
 * on: what a person at the command line would see of each outcome.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type Socket, connect as tcpConnect, createServer as tcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceInfo } from '@paddock/proto/system/v1/system.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createH2Client, GrpcCallError, resolveTarget, type Target } from '../src/h2-client/index.ts';
import {
  type CallContext,
  describeGrpcError,
  ensurePki,
  notFound,
  pkiPaths,
  type RunningServer,
  service,
  startServer,
} from '../src/index.ts';
import { Echo, info } from './echo-service.ts';
import { runtimeTestConfig } from './test-config.ts';

const MESSAGE = 'no node "rack 4" (100% sure) — ünïcode';
const MiB = 1024 * 1024;

describe('the HTTP/2 gRPC client against a grpc-js server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pdk-h2-'));
  const strangerDir = mkdtempSync(join(tmpdir(), 'pdk-h2-stranger-'));
  let server: RunningServer;
  let target: Target;
  /** Resolved with how a slow call ended on the server's side. */
  let slowEnded: Promise<string>;
  let endSlow: (how: string) => void;

  beforeAll(async () => {
    slowEnded = new Promise((resolve) => {
      endSlow = resolve;
    });
    const echo = service(Echo, {
      async echo(req: ServiceInfo, ctx: CallContext) {
        if (req.name === 'fail') throw notFound(MESSAGE);
        if (req.name === 'slow') {
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
          endSlow('cancelled');
        }
        return { ...req, hostname: ctx.principal };
      },
      async *repeat(req: ServiceInfo, ctx: CallContext) {
        for (const s of req.services) {
          if (ctx.signal.aborted) return;
          yield info({ name: s });
        }
        if (req.name === 'fail') throw notFound(MESSAGE);
      },
      async join(requests: AsyncIterable<ServiceInfo>) {
        const names: string[] = [];
        for await (const r of requests) names.push(r.name);
        return info({ name: names.join('+') });
      },
    });
    server = await startServer({
      name: 'test',
      config: runtimeTestConfig(dataDir),
      modules: [() => ({ name: 'echo', protoFiles: [], services: [echo] })],
    });
    target = resolveTarget({ dataDir, server: server.grpcAddress });
    await ensurePki(strangerDir, ['localhost']);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(strangerDir, { recursive: true, force: true });
  });

  const failure = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GrpcCallError);
    return err as GrpcCallError;
  };

  it('answers a unary call, the admin token letting it in', async () => {
    const c = createH2Client(Echo, target);
    const reply = await c.echo(info({ name: 'n1', services: ['a', 'b'] }));
    expect(reply).toMatchObject({ name: 'n1', services: ['a', 'b'], hostname: 'admin' });
    // A second call on the same connection.
    expect((await c.echo(info({ name: 'n2' }))).name).toBe('n2');
    c.close();
  });

  it("carries the server's status and message, as the CLI prints it", async () => {
    const c = createH2Client(Echo, target);
    const err = await failure(c.echo(info({ name: 'fail' })));
    expect(err).toMatchObject({ code: 5, details: MESSAGE });
    expect(describeGrpcError(err)).toBe(`not found: ${MESSAGE}`);
    const refused = createH2Client(Echo, { ...target, token: 'wrong' });
    expect(describeGrpcError(await failure(refused.echo(info({}))))).toMatch(/^unauthenticated: /);
    c.close();
    refused.close();
  });

  it('gives up at the deadline, and the server sees the call cancelled', async () => {
    const c = createH2Client(Echo, target);
    const started = Date.now();
    const err = await failure(c.echo(info({ name: 'slow' }), { deadlineMs: 300 }));
    expect(err.code).toBe(4);
    expect(describeGrpcError(err)).toBe('deadline exceeded: no answer within 0.3 s');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await slowEnded).toBe('cancelled');
    c.close();
  });

  it('refuses a server whose certificate another CA signed, and a client certificate of another CA', async () => {
    const stranger = pkiPaths(strangerDir);
    const c = createH2Client(Echo, { ...target, caPem: readFileSync(stranger.caCert) });
    const err = await failure(c.echo(info({})));
    expect(err.code).toBe(14);
    expect(err.details).toMatch(/certificate/);
    c.close();
    // Mutual TLS: the server's own admin certificate lets in without a token, a stranger's does not.
    const own = pkiPaths(dataDir);
    const mtls = (dir: typeof own) =>
      createH2Client(Echo, {
        address: target.address,
        insecure: false,
        caPem: target.caPem,
        clientCert: { certPem: readFileSync(dir.adminCert), keyPem: readFileSync(dir.adminKey) },
      });
    const admin = mtls(own);
    expect((await admin.echo(info({ name: 'm' }))).hostname).toBe('cert:admin');
    admin.close();
    const other = mtls(stranger);
    expect([14, 16]).toContain((await failure(other.echo(info({})))).code);
    other.close();
  });

  it('carries a 3 MiB message each way, and refuses a reply over 4 MiB', async () => {
    const c = createH2Client(Echo, target);
    const big = 'x'.repeat(3 * MiB);
    expect((await c.echo(info({ name: big }))).name).toBe(big);
    const err = await failure(c.echo(info({ name: 'y'.repeat(4 * MiB + 1024) })));
    expect(err.code).toBe(8);
    c.close();
  });

  it('streams replies in order, then the status; leaving early cancels', async () => {
    const c = createH2Client(Echo, target);
    const names: string[] = [];
    for await (const m of c.repeat(info({ services: ['1', '2', '3'] }))) names.push(m.name);
    expect(names).toEqual(['1', '2', '3']);
    const late: string[] = [];
    const err = await failure(
      (async () => {
        for await (const m of c.repeat(info({ name: 'fail', services: ['a'] }))) late.push(m.name);
      })(),
    );
    expect(late).toEqual(['a']);
    expect(err.details).toBe(MESSAGE);
    for await (const _ of c.repeat(info({ services: ['1', '2'] }))) break;
    expect((await c.echo(info({ name: 'after' }))).name).toBe('after');
    c.close();
  });

  it('sends a client stream, 1 MiB chunks under flow control', async () => {
    const c = createH2Client(Echo, target);
    async function* parts() {
      for (const n of ['a', 'b', 'c']) yield info({ name: n, hostname: 'z'.repeat(MiB) });
    }
    expect((await c.join(parts())).name).toBe('a+b+c');
    c.close();
  });

  it('gives up on a connection that went silent (keepalive), instead of waiting out a long call', async () => {
    // A relay to the server that stops passing bytes either way on request: a cut network or a
    // dead machine, which sends no reset.
    let silent = false;
    const sockets: Socket[] = [];
    const relay = tcpServer((inbound) => {
      const outbound = tcpConnect(Number(server.grpcAddress.split(':').pop()), '127.0.0.1');
      sockets.push(inbound, outbound);
      for (const [from, to] of [
        [inbound, outbound],
        [outbound, inbound],
      ] as const) {
        from.on('data', (chunk) => silent || to.write(chunk)).on('error', () => {});
      }
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const address = `127.0.0.1:${(relay.address() as { port: number }).port}`;
    const c = createH2Client(Echo, { ...target, address }, { intervalMs: 200, timeoutMs: 500 });
    try {
      expect((await c.echo(info({ name: 'before' }))).name).toBe('before');
      const started = Date.now();
      const call = failure(c.echo(info({ name: 'slow' }), { deadlineMs: 60_000 }));
      await new Promise((r) => setTimeout(r, 300));
      silent = true;
      const err = await call;
      expect(describeGrpcError(err)).toMatch(/^unavailable: .*keepalive/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      c.close();
      for (const s of sockets) s.destroy();
      await new Promise((r) => relay.close(r));
    }
  });

  it('says a server that does not listen is unavailable', async () => {
    const c = createH2Client(Echo, { ...target, address: '127.0.0.1:1' });
    const err = await failure(c.echo(info({})));
    expect(describeGrpcError(err)).toMatch(/^unavailable: cannot reach 127\.0\.0\.1:1: .*ECONNREFUSED/);
    c.close();
  });
});
