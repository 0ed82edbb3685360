// Prints "N passed, N failed, N skipped" from vitest's JSON report (CI reads this line, not
// vitest's own summary). A report that is missing or ran no test counts as a failure. Under
// CI=true a skipped test fails the run unless test/allowed-skips.txt lists it with its reason:
// on a machine set up by scripts/setup.sh nothing is missing, so a skip hides a broken set-up.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllowedSkips, unlistedSkips } from './allowed-skips.ts';

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTests: number;
  numFailedTestSuites: number;
  testResults?: { name: string; assertionResults: { fullName: string; status: string }[] }[];
}

const root = join(import.meta.dirname, '..');
const file = process.argv[2] ?? 'test-results/vitest.json';
let report: Report;
try {
  report = JSON.parse(readFileSync(file, 'utf8')) as Report;
} catch (err) {
  console.log('0 passed, 1 failed');
  console.error(`no test report at ${file}: ${(err as Error).message}`);
  process.exit(1);
}
// A suite that failed to load has no tests of its own: count it as a failure.
const failed =
  report.numFailedTests +
  (report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? report.numFailedTestSuites : 0);
const skipped = report.numPendingTests + report.numTodoTests;
let unlisted: string[] = [];
if (process.env['CI'] && skipped > 0) {
  const allowedFile = process.env['PADDOCK_ALLOWED_SKIPS'] ?? join(root, 'test', 'allowed-skips.txt');
  const allowed = parseAllowedSkips(readFileSync(allowedFile, 'utf8'));
  const skips = (report.testResults ?? []).flatMap((f) =>
    f.assertionResults
      .filter((t) => t.status === 'skipped' || t.status === 'pending' || t.status === 'todo')
      .map((t) => ({ file: relative(root, f.name), test: t.fullName })),
  );
  unlisted = unlistedSkips(skips, allowed);
  for (const s of unlisted) console.error(`skipped under CI and not in test/allowed-skips.txt: ${s}`);
}
console.log(
  `${report.numPassedTests} passed, ${failed} failed, ${skipped} skipped${unlisted.length ? ` (${unlisted.length} not allowed)` : ''}`,
);
process.exit(failed > 0 || unlisted.length > 0 || report.numTotalTests === 0 ? 1 : 0);
