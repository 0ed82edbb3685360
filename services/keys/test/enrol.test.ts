import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SystemServiceDefinition } from '@paddock/proto/system/v1/system.ts';
import { createClient } from '@paddock/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRequest } from '../src/client/node-request.ts';
import { opensslDate } from '../src/server/http-enrol.ts';
import { startKeysServer } from './serve.ts';

const run = promisify(execFile);
const AGENT = join(import.meta.dirname, '..', 'agent', 'paddock-enrol.sh');

let k: Awaited<ReturnType<typeof startKeysServer>>;
beforeAll(async () => {
  k = await startKeysServer();
});
afterAll(() => k?.stop());

describe('enrolment over gRPC', () => {
  it('a node enrols with its token alone, calls with its identity, and is refused once revoked', async () => {
    const admin = k.admin();
    const { token } = await admin.createToken({ node: 'n1', addresses: ['10.1.0.1'], ttlSeconds: 0 });
    const req = await makeRequest('n1');
    const anon = k.node();
    const { credentials } = await anon.enroll({ token, csrPem: req.csrPem, sshHostPublicKey: '' });
    anon.close();
    const cert = { key: req.keyPem, cert: credentials!.identityPem };
    const system = createClient(SystemServiceDefinition, k.server.grpcAddress, k.ssl(cert), k.opts);
    expect((await system.getInfo({})).info?.name).toBe('paddock keys-test');
    const asNode = k.node(cert);
    await expect(asNode.listTokens({})).rejects.toMatchObject({
      code: 7,
      details: expect.stringMatching(/node:n1 is a node credential/),
    });
    const renewed = await asNode.renew({ csrPem: (await makeRequest('n1')).csrPem, sshHostPublicKey: '' });
    expect(renewed.credentials?.serial).not.toBe(credentials?.serial);
    await admin.revoke({ target: 'n1', reason: 'test' });
    await expect(system.getInfo({})).rejects.toMatchObject({ code: 16, details: expect.stringMatching(/was revoked/) });
    await expect(asNode.renew({ csrPem: req.csrPem, sshHostPublicKey: '' })).rejects.toMatchObject({ code: 16 });
    for (const c of [system, asNode, admin]) c.close();
  });
});

describe('the shell agent (sh, openssl, curl) over HTTPS', () => {
  it('enrols, renews with its identity, and a mistyped token stops before the network', async () => {
    const admin = k.admin();
    const { token } = await admin.createToken({ node: 'shell-1', addresses: ['10.1.0.9'], ttlSeconds: 0 });
    const dir = join(k.dir, 'node-shell-1');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(k.dir, 'shell-host')]);
    const caFile = join(k.dir, 'server-ca.pem');
    writeFileSync(caFile, k.server.pki!.caPem);
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      PADDOCK_URL: k.server.httpUrl.replace('127.0.0.1', 'localhost'),
      PADDOCK_CA: caFile,
      PADDOCK_DIR: dir,
      PADDOCK_NODE: 'shell-1',
      SSH_HOST_KEY: join(k.dir, 'shell-host.pub'),
    };
    const typo = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    const bad = await run('sh', [AGENT, 'enroll'], { env: { ...env, PADDOCK_TOKEN: typo } }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringMatching(/mistyped/) });
    // A pin that is not the port's key: curl stops before sending anything, so the token still works below.
    const { PADDOCK_CA: _, ...unpinned } = env;
    const wrongPin = await run('sh', [AGENT, 'enroll'], {
      env: { ...unpinned, PADDOCK_TOKEN: token, PADDOCK_PIN: Buffer.alloc(32, 7).toString('base64') },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(wrongPin).toMatchObject({ code: 1, stderr: expect.stringMatching(/enroll refused \(000\)/) });
    const ok = await run('sh', [AGENT, 'enroll'], { env: { ...env, PADDOCK_TOKEN: token } });
    // The certificate's end as the service named it, the same as openssl reads from the certificate.
    const end = await run('openssl', ['x509', '-in', join(dir, 'identity.crt'), '-noout', '-enddate']);
    expect(ok.stdout).toContain(`enroll ok for shell-1: ${end.stdout.trim()}`);
    expect(readdirSync(dir).filter((f) => f.endsWith('.new') || f === 'identity.csr')).toEqual([]);
    const verify = await run('openssl', ['verify', '-CAfile', join(dir, 'ca.crt'), join(dir, 'identity.crt')]);
    expect(verify.stdout).toMatch(/: OK/);
    expect(readFileSync(join(dir, 'ssh_host_ed25519_key-cert.pub'), 'utf8')).toMatch(
      /^ssh-ed25519-cert-v01@openssh\.com /,
    );
    const again = await run('sh', [AGENT, 'enroll'], { env: { ...env, PADDOCK_TOKEN: token } }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(again).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/refused \(403\): bootstrap token for shell-1 was already used/),
    });
    const before = readFileSync(join(dir, 'identity.crt'), 'utf8');
    const renewed = await run('sh', [AGENT, 'renew'], { env });
    expect(renewed.stdout).toMatch(/renew ok for shell-1/);
    expect(readFileSync(join(dir, 'identity.crt'), 'utf8')).not.toBe(before);

    // With the port's key pinned (as a boot script carries it), no CA file: one call, and the CA comes back.
    const pin = execFileSync(
      'sh',
      ['-c', 'openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64'],
      { input: k.server.pki!.serverCertPem },
    )
      .toString()
      .trim();
    const second = await admin.createToken({ node: 'shell-2', addresses: ['10.1.0.9'], ttlSeconds: 0 });
    const dir2 = join(k.dir, 'node-shell-2');
    const pinned = await run('sh', [AGENT, 'enroll'], {
      env: { ...unpinned, PADDOCK_DIR: dir2, PADDOCK_NODE: 'shell-2', PADDOCK_TOKEN: second.token, PADDOCK_PIN: pin },
    });
    expect(pinned.stdout).toMatch(/enroll ok for shell-2: notAfter=/);
    expect(readFileSync(join(dir2, 'ca.crt'), 'utf8')).toBe(readFileSync(join(dir, 'ca.crt'), 'utf8'));
    const verify2 = await run('openssl', ['verify', '-CAfile', join(dir2, 'ca.crt'), join(dir2, 'identity.crt')]);
    expect(verify2.stdout).toMatch(/: OK/);
    admin.close();
  });
});

describe('the certificate end the agent prints', () => {
  it('is written as openssl x509 -enddate writes it: space-padded day, seconds, GMT', () => {
    expect(opensslDate(Date.UTC(2027, 0, 5, 3, 4, 5, 678))).toBe('Jan  5 03:04:05 2027 GMT');
    expect(opensslDate(Date.UTC(2026, 11, 15, 23, 59, 59, 999))).toBe('Dec 15 23:59:59 2026 GMT');
  });
});
