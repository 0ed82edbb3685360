import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, REPO_ROOT, type RunningPaddock, startPaddockUp } from './paddock-process.ts';

const run = promisify(execFile);
// Debian's python3-grpcio lives in the system interpreter, not in any pyenv on PATH.
const PYTHON = '/usr/bin/python3';
const hasGrpcio =
  existsSync(PYTHON) &&
  (await run(PYTHON, ['-c', 'import grpc, grpc_tools']).then(
    () => true,
    () => false,
  ));
const skip = !hasGrpcio && !process.env['CI'];
if (skip) console.warn('python grpcio e2e skipped: apt-get install python3-grpcio python3-grpc-tools');

// The standard health.proto that grpc-health-check ships, the file any grpcio user would take.
const healthProtoDir = join(
  dirname(
    createRequire(join(REPO_ROOT, 'services', 'runtime', 'package.json')).resolve('grpc-health-check/package.json'),
  ),
  'proto',
);

describe.skipIf(skip)('a Python grpcio client against paddock up', () => {
  let server: RunningPaddock;
  beforeAll(async () => {
    server = await startPaddockUp();
  }, 60_000);
  afterAll(async () => server?.stop());

  const check = async (token: string) => {
    const ca = join(server.dataDir, 'pki', 'ca.crt');
    const { stdout } = await run(PYTHON, [
      join(import.meta.dirname, 'fixtures', 'health_check.py'),
      healthProtoDir,
      server.run.grpc,
      ca,
      token,
    ]);
    return stdout.trim();
  };

  it('gets SERVING over TLS with the admin token', async () => {
    expect(await check(server.token)).toBe('SERVING');
  }, 30_000);

  it('gets UNAUTHENTICATED without a credential or with a wrong one', async () => {
    expect(await check('-')).toBe('UNAUTHENTICATED');
    expect(await check(`${server.token}x`)).toBe('UNAUTHENTICATED');
  }, 30_000);
});

describe('paddock up --insecure', () => {
  it('refuses to start on a non-loopback address, with one clear line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'paddock-e2e-'));
    const result = await run(
      process.execPath,
      [CLI_BIN, 'up', '--insecure', '--data-dir', dataDir, '--grpc-listen', '0.0.0.0:0'],
      {
        cwd: REPO_ROOT,
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^paddock: --insecure .*loopback.* --grpc-listen is 0\.0\.0\.0:0/);
  }, 30_000);
});
