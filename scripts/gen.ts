// Regenerates proto/gen from proto/paddock/**/*.proto (buf + ts-proto, no system protoc),
// and lints the protos. `pnpm gen --check` fails when the committed gen/ is stale.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const protoDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'proto');
const buf = join(protoDir, 'node_modules', '.bin', 'buf');
const run = (args: string[]) => execFileSync(buf, args, { cwd: protoDir, stdio: 'inherit' });

run(['lint']);
run(['generate']);
if (process.argv.includes('--check')) {
  try {
    execFileSync('git', ['diff', '--exit-code', '--stat', '--', 'gen'], { cwd: protoDir, stdio: 'inherit' });
    const untracked = execFileSync('git', ['ls-files', '--others', '--exclude-standard', '--', 'gen'], {
      cwd: protoDir,
      encoding: 'utf8',
    });
    if (untracked.trim() !== '') throw new Error(`untracked generated files:\n${untracked}`);
  } catch (err) {
    console.error('proto/gen is stale: run `pnpm gen` and commit the result');
    if (err instanceof Error && !('status' in err)) console.error(err.message);
    process.exit(1);
  }
}
