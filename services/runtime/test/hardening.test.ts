import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, pkiPaths, type RunningServer, startServer } from '../src/index.ts';
import { runtimeTestConfig } from './test-config.ts';

function unary(address: string, path: string, creds: grpc.ChannelCredentials): Promise<grpc.status> {
  const client = new grpc.Client(address, creds, { 'grpc.ssl_target_name_override': 'localhost' });
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      () => Buffer.alloc(0),
      (b: Buffer) => b,
      {},
      (err) => {
        client.close();
        resolve(err ? (err.code as grpc.status) : grpc.status.OK);
      },
    );
  });
}

describe('the gRPC port before authentication', () => {
  let server: RunningServer;
  const dataDir = mkdtempSync(join(tmpdir(), 'pdk-hard-'));
  let ca: grpc.ChannelCredentials;
  let admin: grpc.ChannelCredentials;
  let token: string;
  beforeAll(async () => {
    server = await startServer({ name: 'test', config: runtimeTestConfig(dataDir), modules: [] });
    ca = grpc.credentials.createSsl(readFileSync(pkiPaths(dataDir).caCert));
    token = readFileSync(pkiPaths(dataDir).adminToken, 'utf8').trim();
    const bearer = grpc.credentials.createFromMetadataGenerator((_p, cb) => {
      const md = new grpc.Metadata();
      md.set('authorization', `Bearer ${token}`);
      cb(null, md);
    });
    admin = grpc.credentials.combineChannelCredentials(ca, bearer);
  });
  afterAll(async () => server?.close());

  const metrics = () =>
    new Promise<string>((resolve, reject) => {
      https
        .get(
          `${server.httpUrl}/metrics`,
          {
            ca: readFileSync(pkiPaths(dataDir).caCert),
            headers: { authorization: `Bearer ${token}` },
            servername: 'localhost',
          },
          (res) => {
            let body = '';
            res.on('data', (d) => (body += d));
            res.on('end', () => resolve(body));
          },
        )
        .on('error', reject);
    });

  it('refuses unknown methods as UNAUTHENTICATED without a credential, UNIMPLEMENTED with one', async () => {
    expect(await unary(server.grpcAddress, '/no.such.Service/Probe', ca)).toBe(grpc.status.UNAUTHENTICATED);
    expect(await unary(server.grpcAddress, '/no.such.Service/Probe', admin)).toBe(grpc.status.UNIMPLEMENTED);
  });

  it('counts refused calls, under a bounded method label', async () => {
    for (let i = 0; i < 3; i++) await unary(server.grpcAddress, '/grpc.health.v1.Health/Check', ca);
    for (let i = 0; i < 5; i++) await unary(server.grpcAddress, `/random.Service${i}/M${i}`, ca);
    const body = await metrics();
    expect(body).toMatch(
      /paddock_grpc_calls_total\{method="\/grpc.health.v1.Health\/Check",code="UNAUTHENTICATED"\} 3/,
    );
    expect(body).toMatch(/paddock_grpc_calls_total\{method="unknown",code="UNAUTHENTICATED"\} [5-9]/);
    expect(body).not.toMatch(/random\.Service/);
  });
});

describe('--insecure on loopback', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      name: 't',
      config: runtimeTestConfig(mkdtempSync(join(tmpdir(), 'pdk-hard-')), true),
      modules: [],
    });
  });
  afterAll(async () => server?.close());

  const get = (path: string, host: string, headers: Record<string, string> = {}, method = 'GET') =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(`${server.httpUrl}${path}`, { method, headers: { host, ...headers } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });

  it('answers /metrics and gRPC-Web only to loopback host names (DNS rebinding)', async () => {
    const port = new URL(server.httpUrl).port;
    expect(await get('/metrics', `127.0.0.1:${port}`)).toBe(200);
    expect(await get('/metrics', `localhost:${port}`)).toBe(200);
    expect(await get('/metrics', `[::1]:${port}`)).toBe(200);
    expect(await get('/metrics', `rebind.attacker.example:${port}`)).toBe(403);
    const grpcWeb = { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1' };
    const path = '/paddock.system.v1.SystemService/GetInfo';
    expect(await get(path, `rebind.attacker.example:${port}`, grpcWeb, 'POST')).toBe(403);
    expect(await get(path, `localhost:${port}`, grpcWeb, 'POST')).toBe(200);
    // The console's files and /healthz hold no data and stay open.
    expect(await get('/healthz', `rebind.attacker.example:${port}`)).toBe(200);
  });
});

describe('openDatabase', () => {
  it('creates the database and its WAL files 0600 in a data dir that is 0755', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdk-hard-'));
    chmodSync(dir, 0o755);
    const file = join(dir, 'leases.db');
    const db = openDatabase(file, { migrations: ['CREATE TABLE t (x)'] });
    db.prepare('INSERT INTO t VALUES (1)').run();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect((statSync(f).mode & 0o777).toString(8)).toBe('600');
    db.close();
  });
});
