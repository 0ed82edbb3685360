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

async function run(args: string[], env: Record<string, string> = {}) {
  const r = await promisify(execFile)(process.execPath, [join(ROOT, 'scripts', 'test-summary.ts'), ...args], {
    env: { ...process.env, CI: '', ...env, PADDOCK_ALLOWED_SKIPS: join(dir, 'allowed.txt') },
  }).then(
    (ok) => ({ code: 0, ...ok }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );
  return { code: r.code, out: r.stdout + r.stderr, stdout: r.stdout };
}

function write(name: string, content: object): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

async function summary(allowed: string, env: Record<string, string>) {
  writeFileSync(join(dir, 'allowed.txt'), allowed);
  return run([write('report.json', report)], env);
}

/** A run where one file's worker died under it (vitest marks the file failed, its tests pending). */
const lanes = join(ROOT, 'services', 'boot', 'src', 'tftp', 'lanes.test.ts');
const crashed = {
  numTotalTests: 3,
  testResults: [
    { name: join(ROOT, 'a.test.ts'), status: 'passed', assertionResults: [{ fullName: 'a', status: 'passed' }] },
    { name: join(ROOT, 'b.test.ts'), status: 'failed', assertionResults: [{ fullName: 'b', status: 'failed' }] },
    { name: lanes, status: 'failed', assertionResults: [{ fullName: 'lanes', status: 'pending' }] },
  ],
};
const again = (bStatus: string) => ({
  numTotalTests: 2,
  testResults: [
    { name: join(ROOT, 'b.test.ts'), status: bStatus, assertionResults: [{ fullName: 'b', status: bStatus }] },
    { name: lanes, status: 'passed', assertionResults: [{ fullName: 'lanes', status: 'passed' }] },
  ],
});

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

  it('lists the files that failed, a crashed one included, for scripts/test.sh to run again', async () => {
    const r = await run(['--failed-files', write('crashed.json', crashed)]);
    expect(r.stdout.trim().split('\n')).toEqual(['b.test.ts', 'services/boot/src/tftp/lanes.test.ts']);
    const alone = await run([write('crashed.json', crashed)], { CI: 'true' });
    expect(alone.code).toBe(1);
    expect(alone.out).toContain('1 passed, 2 failed, 1 skipped (1 not allowed)');
  });

  it('takes the second run of the failed files in place of their first, and names each', async () => {
    writeFileSync(join(dir, 'allowed.txt'), '');
    const passed = await run([write('crashed.json', crashed), write('again.json', again('passed'))], { CI: 'true' });
    expect(passed.code).toBe(0);
    expect(passed.out).toContain('3 passed, 0 failed, 0 skipped');
    expect(passed.out).toContain('ran again: b.test.ts failed on the first run and passed on its second run');
    const failed = await run([write('crashed.json', crashed), write('again.json', again('failed'))], { CI: 'true' });
    expect(failed.code).toBe(1);
    expect(failed.out).toContain('2 passed, 1 failed, 0 skipped');
    expect(failed.out).toContain('ran again: b.test.ts failed on the first run and failed again');
  });

  it('the repository allows no skip today', () => {
    expect(parseAllowedSkips(readFileSync(join(ROOT, 'test', 'allowed-skips.txt'), 'utf8'))).toEqual([]);
  });
});
