/**
 * A lone service joined to the site's keys service: `paddock keys serve` and `paddock inventory
 * serve --keys-join CODE` as two processes on loopback (the inventory needs no interface, so
 * nothing listens beyond loopback). A gRPC client trusting only the site CA (with an admin
 * certificate the keys service issued) calls the inventory; the server's
 * certificate renews in place while that client stays connected; openssl verifies the chain
 * before and after; a revocation at the keys service is refused by the DHCP server at once.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { InventoryServiceDefinition } from '@paddock/proto/inventory/v1/inventory.ts';
import { createClient } from '@paddock/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatJoinCode, parseJoinCode } from '../../services/keys/src/codec/join-code.ts';
import { CLI_BIN, REPO_ROOT } from './paddock-process.ts';

const run = promisify(execFile);
const TTL_SECONDS = 20;
const ALL = { labelSelector: '', states: [] };

interface Proc {
  child: ChildProcess;
  dir: string;
  run: { grpc: string; http: string };
  output: () => string;
}

async function start(name: string, args: string[]): Promise<Proc> {
  const dir = mkdtempSync(join(tmpdir(), `paddock-join-${name}-`));
  const flags = ['--data-dir', dir, '--grpc-listen', '127.0.0.1:0', '--http-listen', '127.0.0.1:0'];
  const child = spawn(process.execPath, [CLI_BIN, name, 'serve', ...flags, '--log-level', 'info', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const runFile = join(dir, 'run', `${name}.json`);
  for (const deadline = Date.now() + 45_000; !existsSync(runFile); await delay(100)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${name} serve did not start:\n${out}`);
  }
  return { child, dir, run: JSON.parse(readFileSync(runFile, 'utf8')), output: () => out };
}

async function stop(p: Proc | undefined): Promise<void> {
  if (!p) return;
  if (p.child.exitCode === null && p.child.pid !== undefined) {
    const exited = new Promise((resolve) => p.child.once('exit', resolve));
    process.kill(p.child.pid, 'SIGTERM');
    await exited;
  }
  rmSync(p.dir, { recursive: true, force: true });
}

/** The serial of the certificate a TLS handshake on `address` shows, after openssl verified it against `caFile`. */
async function handshakeSerial(address: string, caFile: string): Promise<string> {
  const { stdout } = await run(
    'sh',
    [
      '-c',
      `openssl s_client -connect "$1" -servername localhost -alpn h2 -CAfile "$2" -verify_return_error </dev/null 2>/dev/null | openssl x509 -noout -serial`,
      'sh',
      address,
      caFile,
    ],
    { timeout: 20_000 },
  ).catch((err: { stdout?: string; stderr?: string }) => {
    throw new Error(`openssl s_client failed: ${err.stderr ?? err}`);
  });
  return stdout
    .trim()
    .replace(/^serial=/, '')
    .toLowerCase();
}

describe('an inventory server joined to the keys service with --keys-join', () => {
  let keys: Proc | undefined;
  let inventory: Proc | undefined;
  const adminDir = mkdtempSync(join(tmpdir(), 'paddock-join-admin-'));
  beforeAll(async () => {
    keys = await start('keys', ['--keys-node-cert-ttl', String(TTL_SECONDS)]);
  }, 60_000);
  afterAll(async () => {
    await stop(inventory);
    await stop(keys);
    rmSync(adminDir, { recursive: true, force: true });
  });
  const paddock = async (...args: string[]) =>
    (await run(process.execPath, [CLI_BIN, ...args, '--data-dir', keys!.dir], { cwd: REPO_ROOT })).stdout.trim();

  it('gets its certificate from the site CA, renews it in place, and honours revocation', async () => {
    const code = await paddock('keys', 'join', 'inv1', '--url', keys!.run.http);
    expect(code).toMatch(/^pdj-[A-Za-z0-9_-]+$/);
    // The same code naming another CA: the bundle the keys service serves is not trusted, and
    // nothing is enrolled (the token is never shown to it).
    const parsed = parseJoinCode(code);
    if (!parsed.ok) throw new Error(parsed.reason);
    const forged = formatJoinCode({ ...parsed.value, caSha256: 'f'.repeat(64) });
    const refused = await run(
      process.execPath,
      [CLI_BIN, 'inventory', 'serve', '--data-dir', join(adminDir, 'forged'), '--no-feeds', '--keys-join', forged],
      {
        cwd: REPO_ROOT,
      },
    ).then(
      () => 'started',
      (e: { stderr: string }) => e.stderr,
    );
    expect(refused).toMatch(/does not match the join code's fingerprint/);
    expect(existsSync(join(adminDir, 'forged', 'pki', 'server.key'))).toBe(false);
    inventory = await start('inventory', ['--no-feeds', '--keys-join', code]);
    const serverCert = join(inventory.dir, 'pki', 'server.crt');
    const first = new X509Certificate(readFileSync(serverCert));
    expect(first.subject).toContain('CN=inv1');
    expect(existsSync(join(inventory.dir, 'pki', 'ca.key'))).toBe(false);

    await paddock('keys', 'admin-cert', '--name', 'ops', '--out', adminDir);
    const caFile = join(adminDir, 'ca.crt');
    const creds = grpc.credentials.createSsl(
      readFileSync(caFile),
      readFileSync(join(adminDir, 'identity.key')),
      readFileSync(join(adminDir, 'identity.crt')),
    );
    const client = createClient(InventoryServiceDefinition, inventory.run.grpc, creds, {
      'grpc.ssl_target_name_override': 'localhost',
    });
    try {
      expect((await client.listNodes(ALL)).nodes).toEqual([]);
      expect(await handshakeSerial(inventory.run.grpc, caFile)).toBe(first.serialNumber.toLowerCase());
      // A stream held open across the renewal: the connection it rides on is never cut.
      const stream = client.watchNodes({}) as unknown as grpc.ClientReadableStream<unknown>;
      let ended = '';
      stream.on('data', () => {});
      stream.on('error', (e: Error) => {
        ended = e.message;
      });
      stream.on('end', () => {
        ended ||= 'ended';
      });

      let renewed = first;
      for (const deadline = Date.now() + TTL_SECONDS * 1000; Date.now() < deadline; await delay(250)) {
        renewed = new X509Certificate(readFileSync(serverCert));
        if (renewed.serialNumber !== first.serialNumber) break;
      }
      expect(renewed.serialNumber, inventory.output()).not.toBe(first.serialNumber);
      expect(await handshakeSerial(inventory.run.grpc, caFile)).toBe(renewed.serialNumber.toLowerCase());
      expect(await handshakeSerial(new URL(inventory.run.http).host, caFile)).toBe(renewed.serialNumber.toLowerCase());
      expect((await client.listNodes(ALL)).nodes).toEqual([]);
      expect(ended).toBe('');
      expect(inventory.output()).toMatch(/certificate renewed/);
      stream.cancel();

      const serial = new X509Certificate(readFileSync(join(adminDir, 'identity.crt'))).serialNumber.toLowerCase();
      expect(await paddock('keys', 'revoke', serial)).toMatch(/revoked 1 certificate/);
      let refused = '';
      for (const deadline = Date.now() + 5000; !refused && Date.now() < deadline; await delay(100))
        refused = await client.listNodes(ALL).then(
          () => '',
          (e: grpc.ServiceError) => grpc.status[e.code],
        );
      expect(refused).toBe('UNAUTHENTICATED');
    } finally {
      client.close();
    }
  }, 90_000);
});
