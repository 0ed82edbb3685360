/**
 * What the bundled CLI loads before a verb's action runs. Parsing the command line, `--help` and
 * a flag's error must not load the gRPC client (grpc-js with Node's HTTP/2 and TLS): that cost
 * belongs to the action that calls a server, and without it a one-shot verb starts in a fraction
 * of the time. Checked on the bundle `paddock` runs (scripts/setup.sh builds it), or on a fresh
 * one when the sources changed since.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
const built = join(root, 'services', 'cli', 'dist');
let tmp: string;
let dist: string;

/** Whether dist/ was built from the sources as they are: the checkout and every input unchanged. */
function current(dir: string): boolean {
  try {
    const stamp = JSON.parse(readFileSync(join(dir, 'stamp.json'), 'utf8')) as {
      builtAtMs: number;
      git: Array<[string, string | null]>;
      inputs: string[];
    };
    const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : null);
    return (
      stamp.git.length > 0 &&
      stamp.git.every(([f, text]) => read(f) === text) &&
      stamp.inputs.every((f) => (statSync(join(root, f), { throwIfNoEntry: false })?.mtimeMs ?? 0) <= stamp.builtAtMs)
    );
  } catch {
    return false;
  }
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'paddock-loads-'));
  dist = built;
  if (!current(built)) {
    // Not in place of dist/: a `paddock` running meanwhile keeps the bundle it started with.
    dist = join(tmp, 'dist');
    execFileSync(process.execPath, [join(root, 'scripts', 'bundle.ts'), '--outdir', dist], { stdio: 'ignore' });
  }
  // Records every file the ES module loader loads and Node's built-in modules, at exit.
  writeFileSync(
    join(tmp, 'record.mjs'),
    `import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';
const files = [];
registerHooks({ load(url, context, next) { files.push(url); return next(url, context); } });
process.on('exit', () => writeFileSync(process.env.RECORD_TO, JSON.stringify({ files, builtins: process.moduleLoadList })));
`,
  );
}, 300_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Loaded {
  status: number | null;
  output: string;
  /** The bundle's own files loaded, by name: paddock.mjs, verb-cli-status.mjs, … */
  bundles: string[];
  /** Node's built-in modules loaded, as `process.moduleLoadList` names them. */
  builtins: string[];
}

function run(...args: string[]): Loaded {
  const out = join(tmp, 'loaded.json');
  rmSync(out, { force: true });
  const r = spawnSync(process.execPath, ['--import', join(tmp, 'record.mjs'), join(dist, 'paddock.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, RECORD_TO: out, PADDOCK_DATA_DIR: join(tmp, 'data') },
    timeout: 60_000,
  });
  const { files, builtins } = JSON.parse(readFileSync(out, 'utf8')) as { files: string[]; builtins: string[] };
  const prefix = new URL(`file://${dist}/`).href;
  return {
    status: r.status,
    output: r.stdout + r.stderr,
    bundles: files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length)),
    builtins,
  };
}

const GRPC_CLIENT = 'verb-cli-grpc-client.mjs';
/** What grpc-js loads from Node when it is loaded, whichever bundle carries it. */
const GRPC_BUILTINS = ['NativeModule http2', 'NativeModule tls'];

describe('what a one-shot verb loads before its action', () => {
  it('--version and --help: the entry bundle alone', () => {
    for (const args of [['--version'], ['--help']]) {
      const r = run(...args);
      expect(r.status, r.output).toBe(0);
      expect(r.bundles, args.join(' ')).toEqual(['paddock.mjs']);
      expect(r.builtins).not.toEqual(expect.arrayContaining([GRPC_BUILTINS[0]]));
    }
  });

  it("a client verb's --help and a bad flag: its own bundle, not the gRPC client", () => {
    const cases: Array<[string[], string]> = [
      [['status', '--help'], 'verb-cli-status.mjs'],
      [['nodes', 'list', '--help'], 'verb-cli-inventory-nodes.mjs'],
      [['dhcp', 'leases', 'list', '--help'], 'verb-cli-dhcp-command.mjs'],
      [['scanner', 'scan', '--help'], 'verb-cli-scanner-scanner-command.mjs'],
      [['keys', 'list', '--help'], 'verb-cli-keys-command.mjs'],
      [['deploy', 'list', '--help'], 'verb-cli-deploy-command.mjs'],
      [['status', '--no-such-flag'], 'verb-cli-status.mjs'],
    ];
    for (const [args, verb] of cases) {
      const r = run(...args);
      const what = args.join(' ');
      expect(r.status, `${what}: ${r.output}`).toBe(args.includes('--help') ? 0 : 1);
      expect(r.bundles, what).toEqual(['paddock.mjs', verb]);
      for (const b of GRPC_BUILTINS) expect(r.builtins, `${what} loaded ${b}`).not.toContain(b);
    }
  });

  it('the action loads the gRPC client when it calls a server', () => {
    // Nothing listens on port 1: the call fails at once, after the client was loaded.
    const r = run('status', '--insecure', '--server', '127.0.0.1:1');
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/unavailable/i);
    expect(r.bundles).toEqual(expect.arrayContaining(['verb-cli-status.mjs', GRPC_CLIENT]));
    expect(r.builtins).toEqual(expect.arrayContaining(GRPC_BUILTINS));
  });
});
