import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
