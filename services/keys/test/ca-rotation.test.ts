import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { KeyServiceDefinition } from '@paddock/proto/keys/v1/keys.ts';
import { SystemServiceDefinition } from '@paddock/proto/system/v1/system.ts';
import { createClient, type RunningServer } from '@paddock/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { pemBlocks } from '../src/authority/cluster-ca.ts';
import { makeRequest } from '../src/client/node-request.ts';
import { TEST_PASSPHRASE } from '../src/server/testkit.ts';
import { startKeysServer } from './serve.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'cli', 'bin', 'paddock.js');
const dir = mkdtempSync(join(tmpdir(), 'paddock-ca-rotation-'));
const f = (name: string) => join(dir, name);
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `paddock keys serve` as it runs: its own certificates from the cluster CA. */
async function start(): Promise<RunningServer> {
  server = (await startKeysServer(dir, { name: 'keys-rotation', clusterPki: true })).server;
  return server;
}

const opts = { 'grpc.ssl_target_name_override': 'localhost' };
const ssl = (caPem: string, cert?: { key: string; cert: string }) =>
  grpc.credentials.createSsl(
    Buffer.from(caPem),
    cert ? Buffer.from(cert.key) : null,
    cert ? Buffer.from(cert.cert) : null,
  );
const bearer = (token: string) =>
  grpc.credentials.createFromMetadataGenerator((_p, cb) => {
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${token}`);
    cb(null, md);
  });
const issuerOf = async (pem: string, name: string) => {
  writeFileSync(f(name), pem);
  return (await run('openssl', ['x509', '-in', f(name), '-noout', '-issuer'])).stdout.trim();
};

describe('rotating the cluster CA', () => {
  it('keeps clients holding only the old CA working while new certificates come from the new one', async () => {
    let s = await start();
    const oldBundle = s.pki!.caPem;
    writeFileSync(f('old-ca.pem'), oldBundle);
    expect(pemBlocks(oldBundle)).toHaveLength(1);
    const admin = createClient(
      KeyServiceDefinition,
      s.grpcAddress,
      grpc.credentials.combineChannelCredentials(ssl(oldBundle), bearer(s.pki!.adminToken)),
      opts,
    );
    const { token } = await admin.createToken({ node: 'node-a', addresses: [], ttlSeconds: 0 });
    admin.close();
    const reqA = await makeRequest('node-a');
    const anon = createClient(KeyServiceDefinition, s.grpcAddress, ssl(oldBundle), opts);
    const a = (await anon.enroll({ token, csrPem: reqA.csrPem, sshHostPublicKey: '' })).credentials!;
    anon.close();
    const oldIssuer = await issuerOf(a.identityPem, 'a-old.crt');
    await s.close();
    server = undefined;

    const rotated = await run(process.execPath, [CLI, 'keys', 'ca', 'rotate', '--data-dir', dir], {
      env: { ...process.env, PADDOCK_KEYS_PASSPHRASE: TEST_PASSPHRASE },
    });
    expect(rotated.stdout).toMatch(/new cluster CA CN=Paddock cluster CA \w+ \d{8}T\d{6}Z/);
    s = await start();

    // openssl s_client trusting only the old CA verifies the server's new certificate through the cross-certificate.
    // A refused verification exits non-zero: its output (openssl's reason) is what the failure shows.
    const hello = await run('sh', [
      '-c',
      `openssl s_client -connect ${s.grpcAddress} -servername localhost -CAfile ${f('old-ca.pem')} -verify_return_error -showcerts </dev/null 2>&1`,
    ]).catch((err: { stdout?: string; message: string }) => ({ stdout: err.stdout || err.message }));
    expect(hello.stdout).toMatch(/Verify return code: 0 \(ok\)/);
    expect(hello.stdout.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);

    // Node A, with its old certificate and the old bundle only, still calls and renews.
    const asA = { key: reqA.keyPem, cert: a.identityPem };
    const system = createClient(SystemServiceDefinition, s.grpcAddress, ssl(oldBundle, asA), opts);
    expect((await system.getInfo({})).info?.name).toBe('paddock keys-rotation');
    system.close();
    const nodeA = createClient(KeyServiceDefinition, s.grpcAddress, ssl(oldBundle, asA), opts);
    const reqA2 = await makeRequest('node-a');
    const renewed = (await nodeA.renew({ csrPem: reqA2.csrPem, sshHostPublicKey: '' })).credentials!;
    nodeA.close();
    const newIssuer = await issuerOf(renewed.identityPem, 'a-new.crt');
    expect(newIssuer).not.toBe(oldIssuer);
    expect(newIssuer).toMatch(/Paddock cluster CA \w+ \d{8}T\d{6}Z/);
    // The renewed node gets both CAs; a peer holding either verifies its new certificate.
    expect(pemBlocks(renewed.caBundlePem)).toHaveLength(2);
    writeFileSync(f('new-bundle.pem'), renewed.caBundlePem);
    const [leaf, cross] = pemBlocks(renewed.identityPem);
    writeFileSync(f('a-leaf.crt'), leaf!);
    writeFileSync(f('cross.crt'), cross!);
    await run('openssl', ['verify', '-CAfile', f('new-bundle.pem'), f('a-leaf.crt')]);
    await run('openssl', ['verify', '-CAfile', f('old-ca.pem'), '-untrusted', f('cross.crt'), f('a-leaf.crt')]);
    await expect(run('openssl', ['verify', '-CAfile', f('old-ca.pem'), f('a-leaf.crt')])).rejects.toThrow();

    // The renewed certificate is a credential like the old one.
    const asA2 = { key: reqA2.keyPem, cert: renewed.identityPem };
    const again = createClient(SystemServiceDefinition, s.grpcAddress, ssl(oldBundle, asA2), opts);
    expect((await again.getInfo({})).info?.name).toBe('paddock keys-rotation');
    again.close();

    const list = JSON.parse(
      (await run(process.execPath, [CLI, 'keys', 'ca', 'list', '--data-dir', dir, '--json'])).stdout,
    ) as Array<{ subject: string; signing: boolean }>;
    expect(list.map((c) => c.signing)).toEqual([true, false]);
    expect(`issuer=${list[1]!.subject.replace(/, /g, ', ')}`).toContain('Paddock cluster CA');
    expect(list[0]!.subject).not.toBe(list[1]!.subject);
  }, 90_000);
});
