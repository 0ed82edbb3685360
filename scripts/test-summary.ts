// Prints "N passed, N failed, N skipped" from vitest's JSON report (CI reads this line, not
// vitest's own summary). A report that is missing or ran no test counts as a failure. Under
// CI=true a skipped test fails the run unless test/allowed-skips.txt lists it with its reason:
// on a machine set up by scripts/setup.sh nothing is missing, so a skip hides a broken set-up.
//
//   test-summary.ts REPORT [SECOND]   the summary; SECOND is the report of the failed files run
//                                     once more (scripts/test.sh), whose results replace theirs
//   test-summary.ts --failed-files REPORT   the files that failed, one a line
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllowedSkips, unlistedSkips } from './allowed-skips.ts';

interface FileResult {
  name: string;
  /** 'failed' also when the file did not load or its worker died under it. */
  status?: string;
  assertionResults: { fullName: string; status: string }[];
}

interface Report {
  numTotalTests: number;
  testResults: FileResult[];
}

const root = join(import.meta.dirname, '..');

function read(file: string): Report {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as Partial<Report>;
    return { numTotalTests: r.numTotalTests ?? 0, testResults: r.testResults ?? [] };
  } catch (err) {
    console.log('0 passed, 1 failed');
    console.error(`no test report at ${file}: ${(err as Error).message}`);
    process.exit(1);
  }
}

const SKIPPED = new Set(['skipped', 'pending', 'todo']);
const failedTests = (f: FileResult) => f.assertionResults.filter((t) => t.status === 'failed').length;
/** A file failed when one of its tests did, or when it failed with none failing (load error, crash). */
const fileFailed = (f: FileResult) => failedTests(f) > 0 || f.status === 'failed';

const args = process.argv.slice(2);
if (args[0] === '--failed-files') {
  for (const f of read(args[1] ?? 'test-results/vitest.json').testResults.filter(fileFailed))
    console.log(relative(root, f.name));
  process.exit(0);
}

const first = read(args[0] ?? 'test-results/vitest.json');
let files = first.testResults;
if (args[1]) {
  const again = new Map(read(args[1]).testResults.map((f) => [f.name, f]));
  files = files.map((f) => {
    const second = again.get(f.name);
    if (!second) return f;
    const verdict = fileFailed(second) ? 'failed again' : 'passed on its second run';
    console.error(`ran again: ${relative(root, f.name)} failed on the first run and ${verdict}`);
    return second;
  });
}

const tests = files.flatMap((f) => f.assertionResults.map((t) => ({ file: f, ...t })));
const passed = tests.filter((t) => t.status === 'passed').length;
// A file that failed with no failing test of its own (it did not load, its worker died) counts once.
const failed = files.reduce((n, f) => n + (failedTests(f) || (f.status === 'failed' ? 1 : 0)), 0);
const skips = tests.filter((t) => SKIPPED.has(t.status));
let unlisted: string[] = [];
if (process.env['CI'] && skips.length > 0) {
  const allowedFile = process.env['PADDOCK_ALLOWED_SKIPS'] ?? join(root, 'test', 'allowed-skips.txt');
  const allowed = parseAllowedSkips(readFileSync(allowedFile, 'utf8'));
  unlisted = unlistedSkips(
    skips.map((t) => ({ file: relative(root, t.file.name), test: t.fullName })),
    allowed,
  );
  for (const s of unlisted) console.error(`skipped under CI and not in test/allowed-skips.txt: ${s}`);
}
console.log(
  `${passed} passed, ${failed} failed, ${skips.length} skipped${unlisted.length ? ` (${unlisted.length} not allowed)` : ''}`,
);
process.exit(failed > 0 || unlisted.length > 0 || tests.length === 0 ? 1 : 0);
