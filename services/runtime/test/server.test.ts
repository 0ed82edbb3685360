import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { SystemServiceDefinition } from '@paddock/proto/system/v1/system.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createH2Client, resolveTarget } from '../src/h2-client/index.ts';
import { connect, createClient, pkiPaths, type RunningServer, startServer } from '../src/index.ts';
import { runtimeTestConfig } from './test-config.ts';

/** Calls grpc.health.v1.Health/Check with a generic client, as a third-party tool would. */
function healthCheck(address: string, creds: grpc.ChannelCredentials): Promise<{ status?: number }> {
  const client = new grpc.Client(address, creds, { 'grpc.ssl_target_name_override': 'localhost' });
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      '/grpc.health.v1.Health/Check',
      () => Buffer.alloc(0),
      (b: Buffer) => ({ status: b.length >= 2 ? b[1] : 0 }),
      {},
      (err, res) => {
        client.close();
        err ? reject(err) : resolve(res ?? {});
      },
    );
  });
}

/** Prints the error code of connecting to the socket given as its argument, or 'connected'. */
const CONNECT = `require('node:net').connect(process.argv[1]).on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => console.log(e.code));`;

describe('startServer (TLS, authenticated)', () => {
  let server: RunningServer;
  const dataDir = mkdtempSync(join(tmpdir(), 'pdk-srv-'));

  beforeAll(async () => {
    server = await startServer({ name: 'test', config: runtimeTestConfig(dataDir), modules: [] });
  });
  afterAll(async () => server?.close());

  it('answers health SERVING with the admin token, UNAUTHENTICATED without', async () => {
    const ca = grpc.credentials.createSsl(readFileSync(pkiPaths(dataDir).caCert));
    const token = readFileSync(pkiPaths(dataDir).adminToken, 'utf8').trim();
    const bearer = grpc.credentials.createFromMetadataGenerator((_p, cb) => {
      const md = new grpc.Metadata();
      md.set('authorization', `Bearer ${token}`);
      cb(null, md);
    });
    expect(await healthCheck(server.grpcAddress, grpc.credentials.combineChannelCredentials(ca, bearer))).toEqual({
      status: 1,
    });
    await expect(healthCheck(server.grpcAddress, ca)).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
  });

  it('accepts the admin client certificate instead of a token', async () => {
    const p = pkiPaths(dataDir);
    const creds = grpc.credentials.createSsl(
      readFileSync(p.caCert),
      readFileSync(p.adminKey),
      readFileSync(p.adminCert),
    );
    expect(await healthCheck(server.grpcAddress, creds)).toEqual({ status: 1 });
  });

  it('lets the CLI-side client find the server and its credential from the data dir alone', async () => {
    const c = connect({ dataDir, service: 'paddock.system.v1.SystemService' });
    const client = createClient(SystemServiceDefinition, c.address, c.credentials, c.options);
    const { info } = await client.getInfo({});
    expect(info?.hostname).toBe('paddock-test');
    expect(info?.services).toContain('paddock.system.v1.SystemService');
    client.close();
  });

  it("offers commands on this machine a local socket, the server user's alone, that still needs the token", async () => {
    const target = resolveTarget({ dataDir });
    expect(target.socket).toBe(join(dataDir, 'run', 'test.sock'));
    expect(statSync(target.socket as string).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'run')).mode & 0o777).toBe(0o700);
    const client = createH2Client(SystemServiceDefinition, target);
    expect((await client.getInfo({})).info?.hostname).toBe('paddock-test');
    client.close();
    // The token is the credential here too; the socket only spares TLS.
    const anonymous = createH2Client(SystemServiceDefinition, { ...target, token: undefined });
    await expect(anonymous.getInfo({})).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    anonymous.close();
    if (process.getuid?.() === 0) {
      // Another user cannot even connect to it.
      const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', CONNECT, target.socket as string], {
        encoding: 'utf8',
      });
      expect(r.stdout.trim()).toMatch(/^(EACCES|EPERM)$/);
    }
  });

  it('starts without the local socket where its path would be too long, and commands use the port', async () => {
    const deep = join(mkdtempSync(join(tmpdir(), 'pdk-srv-')), 'd'.repeat(100));
    const other = await startServer({ name: 'other', config: runtimeTestConfig(deep), modules: [] });
    try {
      const target = resolveTarget({ dataDir: deep });
      expect(target.socket).toBeUndefined();
      const client = createH2Client(SystemServiceDefinition, target);
      expect((await client.getInfo({})).info?.grpcAddress).toBe(other.grpcAddress);
      client.close();
    } finally {
      await other.close();
    }
  });

  it('streams status with a rising uptime until the client cancels', async () => {
    const c = connect({ dataDir });
    const client = createClient(SystemServiceDefinition, c.address, c.credentials, c.options);
    const stop = new AbortController();
    const seen: bigint[] = [];
    try {
      for await (const msg of client.watchStatus({ intervalMs: 100 }, { signal: stop.signal })) {
        seen.push(msg.status!.uptimeMs);
        if (seen.length === 3) stop.abort();
      }
    } catch (err) {
      expect((err as grpc.ServiceError).code).toBe(grpc.status.CANCELLED);
    }
    expect(seen.length).toBe(3);
    expect(seen[2]! > seen[0]!).toBe(true);
    client.close();
  });

  it('serves /healthz openly and /metrics only with a credential', async () => {
    // Node's fetch takes no CA per request, so use https directly.
    const https = await import('node:https');
    const get = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        https
          .get(
            `${server.httpUrl}${path}`,
            { ca: readFileSync(pkiPaths(dataDir).caCert), headers, servername: 'localhost' },
            (res) => {
              let body = '';
              res.on('data', (d) => (body += d));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
            },
          )
          .on('error', reject);
      });
    expect(await get('/healthz')).toEqual({ status: 200, body: 'ok\n' });
    expect((await get('/metrics')).status).toBe(401);
    const token = readFileSync(pkiPaths(dataDir).adminToken, 'utf8').trim();
    const metrics = await get('/metrics', { authorization: `Bearer ${token}` });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/paddock_grpc_calls_total\{method="\/grpc.health.v1.Health\/Check",code="OK"\}/);
  });

  it('writes its run file while up and removes it on close', async () => {
    const run = join(dataDir, 'run', 'test.json');
    expect(JSON.parse(readFileSync(run, 'utf8'))).toMatchObject({
      name: 'test',
      grpc: server.grpcAddress,
      pid: process.pid,
    });
    const other = await startServer({
      name: 'other',
      config: runtimeTestConfig(mkdtempSync(join(tmpdir(), 'pdk-srv-'))),
      modules: [],
    });
    const otherRun = join(other.pki!.paths.dir, '..', 'run', 'other.json');
    const otherSocket = join(other.pki!.paths.dir, '..', 'run', 'other.sock');
    expect(existsSync(otherRun)).toBe(true);
    expect(existsSync(otherSocket)).toBe(true);
    await other.close();
    expect(existsSync(otherRun)).toBe(false);
    expect(existsSync(otherSocket)).toBe(false);
  });
});

describe('startServer (insecure)', () => {
  it('refuses --insecure on a non-loopback address, naming the flag', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pdk-srv-'));
    await expect(
      startServer({
        name: 't',
        config: { ...runtimeTestConfig(dataDir, true), grpcListen: { host: '0.0.0.0', port: 0 } },
        modules: [],
      }),
    ).rejects.toThrow(/--insecure .* loopback .* --grpc-listen is 0\.0\.0\.0:0/);
  });

  it('serves without credentials on loopback', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pdk-srv-'));
    const server = await startServer({ name: 't', config: runtimeTestConfig(dataDir, true), modules: [] });
    try {
      expect(await healthCheck(server.grpcAddress, grpc.credentials.createInsecure())).toEqual({ status: 1 });
      expect(existsSync(pkiPaths(dataDir).adminToken)).toBe(false);
    } finally {
      await server.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('ends open streams with UNAVAILABLE and stops within the grace period', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pdk-srv-'));
    const server = await startServer({ name: 't', config: runtimeTestConfig(dataDir, true), modules: [] });
    const c = connect({ dataDir });
    const client = createClient(SystemServiceDefinition, c.address, c.credentials, c.options);
    const stream = client.watchStatus({ intervalMs: 60_000 });
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    const started = Date.now();
    const closing = server.close();
    await expect(it.next()).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    await closing;
    expect(Date.now() - started).toBeLessThan(5000);
    client.close();
  });
});
