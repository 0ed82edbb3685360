import { execFile } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { InventoryServiceDefinition } from '@paddock/proto/inventory/v1/inventory.ts';
import { createClient } from '@paddock/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuthorities } from '../../services/keys/src/authority/authorities.ts';
import { issueX509 } from '../../services/keys/src/authority/x509-issue.ts';
import { CLI_BIN, REPO_ROOT, type RunningPaddock, startPaddockUp } from './paddock-process.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const healthProtoDir = join(
  dirname(
    createRequire(join(REPO_ROOT, 'services', 'runtime', 'package.json')).resolve('grpc-health-check/package.json'),
  ),
  'proto',
);

describe('a node enrolled with paddock keys, calling paddock up from Python grpcio', () => {
  let server: RunningPaddock;
  beforeAll(async () => {
    server = await startPaddockUp();
  }, 60_000);
  afterAll(async () => server?.stop());

  const paddock = async (...args: string[]) =>
    (await run(process.execPath, [CLI_BIN, ...args, '--data-dir', server.dataDir], { cwd: REPO_ROOT })).stdout.trim();
  const check = async (credential: string) =>
    (
      await run(PYTHON, [
        join(import.meta.dirname, 'fixtures', 'health_check.py'),
        healthProtoDir,
        server.run.grpc,
        join(server.dataDir, 'pki', 'ca.crt'),
        credential,
      ])
    ).stdout.trim();

  it('is let in with its identity certificate, and refused at once after paddock keys revoke', async () => {
    const token = await paddock('keys', 'token', 'py-node', '--address', '127.0.0.1');
    expect(token).toMatch(/^pdt-[0-9A-Z]{24}$/);
    const out = join(server.dataDir, 'py-node');
    // enroll is the node's side: no admin credential, only the token and the CA to trust.
    await run(
      process.execPath,
      [
        CLI_BIN,
        'keys',
        'enroll',
        '--token',
        token,
        '--name',
        'py-node',
        '--server',
        server.run.grpc,
        '--ca',
        join(server.dataDir, 'pki', 'ca.crt'),
        '--ssh-host-key',
        '',
        '--out',
        out,
      ],
      { cwd: REPO_ROOT },
    );
    const cert = `cert:${join(out, 'identity.key')}:${join(out, 'identity.crt')}`;
    expect(await check(cert)).toBe('SERVING');
    const certs = JSON.parse(await paddock('keys', 'certs', '--json')) as Array<{
      subject: string;
      revokedAtUnixMs: string;
    }>;
    expect(certs.find((c) => c.subject === 'py-node')).toBeDefined();
    expect(await paddock('keys', 'revoke', 'py-node')).toMatch(/revoked 1 certificate/);
    expect(await check(cert)).toBe('UNAUTHENTICATED');
  }, 60_000);

  it('paddock keys ssh certifies a named key with the user CA that paddock keys ca prints; revoked, the key is listed for RevokedKeys', async () => {
    const key = join(server.dataDir, 'bob');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const out = await paddock('keys', 'ssh', `${key}.pub`, '--principal', 'root', '--ttl', '600');
    const serial = /serial (\d+)/.exec(out)?.[1] ?? '';
    expect(out).toContain(`${key}-cert.pub`);
    const shown = (await run('ssh-keygen', ['-L', '-f', `${key}-cert.pub`])).stdout;
    expect(shown).toMatch(/Type: ssh-ed25519-cert-v01@openssh\.com user certificate/);
    expect(shown).toMatch(/Principals:\s+root\n/);
    const ca = JSON.parse(await paddock('keys', 'ca', '--json')) as { sshUserCaKey: string };
    writeFileSync(join(server.dataDir, 'user-ca.pub'), `${ca.sshUserCaKey}\n`);
    const caPrint = (await run('ssh-keygen', ['-l', '-f', join(server.dataDir, 'user-ca.pub')])).stdout.split(' ')[1];
    expect(shown).toContain(`Signing CA: ED25519 ${caPrint}`);
    expect(await paddock('keys', 'revoke', serial)).toMatch(/revoked 1 certificate/);
    const revoked = await paddock('keys', 'ca', '--revoked-ssh', 'user');
    expect(revoked).toContain(readFileSync(`${key}.pub`, 'utf8').split(' ').slice(0, 2).join(' '));
  }, 60_000);

  // paddock up: every service trusts the keys cluster CA.
  const verify = (file: string) =>
    run('openssl', ['verify', '-CAfile', join(server.dataDir, 'keys', 'cluster-ca.crt'), file]);
  const inventory = (key: string, cert: string) =>
    createClient(
      InventoryServiceDefinition,
      server.run.grpc,
      grpc.credentials.createSsl(
        readFileSync(join(server.dataDir, 'keys', 'cluster-ca.crt')),
        readFileSync(key),
        readFileSync(cert),
      ),
      { 'grpc.ssl_target_name_override': 'localhost' },
    );

  it('issues the server certificate and the admin credential; other services refuse a revoked or expired certificate', async () => {
    const pki = join(server.dataDir, 'pki');
    await verify(join(pki, 'server.crt'));
    await verify(join(pki, 'admin.crt'));
    expect(existsSync(join(pki, 'ca.key'))).toBe(false);
    // The data dir's admin certificate, from the cluster CA, is an admin in the inventory.
    const own = inventory(join(pki, 'admin.key'), join(pki, 'admin.crt'));
    expect((await own.listNodes({ labelSelector: '', states: [] })).nodes).toEqual([]);
    own.close();

    const out = join(server.dataDir, 'alice');
    await paddock('keys', 'admin-cert', '--name', 'alice', '--out', out);
    const alice = inventory(join(out, 'identity.key'), join(out, 'identity.crt'));
    expect((await alice.listNodes({ labelSelector: '', states: [] })).nodes).toEqual([]);
    const serial = new X509Certificate(readFileSync(join(out, 'identity.crt'))).serialNumber.toLowerCase();
    expect(await paddock('keys', 'revoke', serial)).toMatch(/revoked 1 certificate/);
    await expect(alice.listNodes({ labelSelector: '', states: [] })).rejects.toMatchObject({
      code: 16,
      details: expect.stringMatching(/revoked/),
    });
    alice.close();

    // A certificate the cluster CA signed that ran out an hour ago, on a live connection-less call.
    const a = await openAuthorities(
      join(server.dataDir, 'keys'),
      readFileSync(join(server.dataDir, 'keys.passphrase'), 'utf8').trim(),
    );
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const old = await issueX509(a, {
      role: 'admin',
      name: 'old-admin',
      addresses: [],
      spki: pair.publicKey.export({ type: 'spki', format: 'der' }),
      notBefore: new Date(Date.now() - 7_200_000),
      notAfter: new Date(Date.now() - 3_600_000),
    });
    writeFileSync(join(out, 'old.key'), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(out, 'old.crt'), old.pem);
    const expired = inventory(join(out, 'old.key'), join(out, 'old.crt'));
    await expect(expired.listNodes({ labelSelector: '', states: [] })).rejects.toMatchObject({
      code: 16,
      details: expect.stringMatching(/expired/),
    });
    expired.close();
    // Over HTTPS the server sees the certificate itself and names the reason.
    const curl = await run('curl', [
      '-sS',
      '--cacert',
      join(pki, 'ca.crt'),
      '--key',
      join(out, 'old.key'),
      '--cert',
      join(out, 'old.crt'),
      `${server.run.http.replace('127.0.0.1', 'localhost')}/metrics`,
    ]);
    expect(curl.stdout).toMatch(/expired at/);
  }, 60_000);
});
