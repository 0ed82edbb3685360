/** scripts/test-summary.ts: under CI=true a skip fails the run unless test/allowed-skips.txt lists it. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllowedSkips } from '../scripts/allowed-skips.ts';

const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'paddock-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = {
  numPassedTests: 1,
  numFailedTests: 0,
  numPendingTests: 1,
  numTodoTests: 0,
  numTotalTests: 2,
  numFailedTestSuites: 0,
  testResults: [
    {
      name: join(ROOT, 'test', 'e2e', 'python-grpc.test.ts'),
      assertionResults: [
        { fullName: 'a Python grpcio client against paddock up checks health', status: 'skipped' },
        { fullName: 'another test', status: 'passed' },
      ],
    },
  ],
};

async function summary(allowed: string, env: Record<string, string>) {
  writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
  writeFileSync(join(dir, 'allowed.txt'), allowed);
  const r = await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'scripts', 'test-summary.ts'), join(dir, 'report.json')],
    {
      env: { ...process.env, CI: '', ...env, PADDOCK_ALLOWED_SKIPS: join(dir, 'allowed.txt') },
    },
  ).then(
    (ok) => ({ code: 0, ...ok }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );
  return { code: r.code, out: r.stdout + r.stderr };
}

describe('test summary', () => {
  it('fails under CI when a test skipped without being listed, naming it', async () => {
    const r = await summary('', { CI: 'true' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('1 passed, 0 failed, 1 skipped (1 not allowed)');
    expect(r.out).toContain('test/e2e/python-grpc.test.ts > a Python grpcio client against paddock up checks health');
  });

  it('passes under CI when the skip is listed with its reason', async () => {
    const r = await summary('test/e2e/python-grpc.test.ts | * | grpcio is not packaged for this architecture\n', {
      CI: 'true',
    });
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain('1 passed, 0 failed, 1 skipped');
  });

  it('lets a skip pass outside CI', async () => {
    expect((await summary('', {})).code).toBe(0);
  });

  it('refuses a listed skip without a reason', () => {
    expect(() => parseAllowedSkips('test/x.test.ts | *\n')).toThrow(/line 1/);
    expect(parseAllowedSkips('# only a comment\n\n')).toEqual([]);
  });

  it('the repository allows no skip today', () => {
    expect(parseAllowedSkips(readFileSync(join(ROOT, 'test', 'allowed-skips.txt'), 'utf8'))).toEqual([]);
  });
});
