/**
 * What the bundled CLI loads. Parsing the command line, `--help` and a flag's error must not
 * load the gRPC client (Node's HTTP/2 and TLS): that cost belongs to the action that calls a
 * server, and without it a one-shot verb starts in a fraction of the time. The action's client
 * is the runtime's small HTTP/2 one, never grpc-js, whose loading and channel set-up cost more
 * than the rest of the verb. Checked on the bundle `paddock` runs (scripts/setup.sh builds it),
 * or on a fresh one when the sources changed since.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '@paddock/runtime';
import { testServerConfig } from '@paddock/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleIsCurrent } from '../bin/bundle-current.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const built = join(root, 'services', 'cli', 'dist');
let tmp: string;
let dist: string;

/** Whether dist/ was built from the sources as they are: the checkout and every input unchanged. */
const current = (dir: string) => bundleIsCurrent(pathToFileURL(`${dir}/`), { sources: true });

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

const recorded = () => join(tmp, 'loaded.json');
const command = (args: string[]) => ['--import', join(tmp, 'record.mjs'), join(dist, 'paddock.mjs'), ...args];
const env = () => ({ ...process.env, RECORD_TO: recorded(), PADDOCK_DATA_DIR: join(tmp, 'data') });

function run(...args: string[]): Loaded {
  rmSync(recorded(), { force: true });
  const r = spawnSync(process.execPath, command(args), { encoding: 'utf8', env: env(), timeout: 60_000 });
  return loaded(r.status, r.stdout + r.stderr);
}

/** As run(), without blocking this process: for a verb that calls a server running in it. */
async function runAsync(...args: string[]): Promise<Loaded> {
  rmSync(recorded(), { force: true });
  const child = spawn(process.execPath, command(args), { env: env(), timeout: 60_000 });
  let output = '';
  child.stdout.on('data', (b) => {
    output += b;
  });
  child.stderr.on('data', (b) => {
    output += b;
  });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return loaded(status, output);
}

function loaded(status: number | null, output: string): Loaded {
  const { files, builtins } = JSON.parse(readFileSync(recorded(), 'utf8')) as { files: string[]; builtins: string[] };
  const prefix = new URL(`file://${dist}/`).href;
  return {
    status,
    output,
    bundles: files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length)),
    builtins,
  };
}

const GRPC_CLIENT = 'verb-cli-grpc-client.mjs';
/** What a gRPC client loads from Node, whichever bundle carries it: TLS, for a server with it. */
const GRPC_BUILTINS = ['NativeModule tls'];
/** Node's HTTP/2 module: the CLI's client speaks HTTP/2 itself, since loading that module costs more. */
const NODE_HTTP2 = 'NativeModule http2';
/**
 * A bundle carrying grpc-js names its vendored copy (grpc-js finds its files by `__dirname`,
 * which the bundle points at `vendor/@grpc/grpc-js`).
 */
const GRPC_JS = 'vendor/@grpc/grpc-js/';

describe('what a one-shot verb loads before its action', () => {
  it('--version and --help: the entry bundle alone', () => {
    for (const args of [['--version'], ['--help']]) {
      const r = run(...args);
      expect(r.status, r.output).toBe(0);
      expect(r.bundles, args.join(' ')).toEqual(['paddock.mjs']);
      for (const b of [...GRPC_BUILTINS, NODE_HTTP2]) expect(r.builtins, `${args} loaded ${b}`).not.toContain(b);
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
      for (const b of [...GRPC_BUILTINS, NODE_HTTP2]) expect(r.builtins, `${what} loaded ${b}`).not.toContain(b);
    }
  });

  it('the action loads the gRPC client when it calls a server', () => {
    // Nothing listens on port 1: the call fails at once, after the client was loaded.
    const r = run('status', '--insecure', '--server', '127.0.0.1:1');
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/unavailable/i);
    expect(r.bundles).toEqual(expect.arrayContaining(['verb-cli-status.mjs', GRPC_CLIENT]));
    expect(r.builtins).not.toContain(NODE_HTTP2);
  });

  it("a one-shot verb calls a grpc-js server without loading grpc-js or Node's HTTP/2, nor TLS on this machine", async () => {
    const dataDir = join(tmp, 'server');
    const server = await startServer({
      name: 'test',
      config: { ...testServerConfig(dataDir), insecure: false },
      modules: [],
    });
    try {
      // Found through the data dir: its local socket, with the admin token and no TLS.
      const local = await runAsync('status', '--json', '--data-dir', dataDir);
      expect(local.status, local.output).toBe(0);
      expect(JSON.parse(local.output)).toMatchObject({ info: { hostname: 'test' } });
      expect(local.builtins).not.toContain(NODE_HTTP2);
      expect(local.builtins).not.toEqual(expect.arrayContaining(GRPC_BUILTINS));
      // Named by its port: TLS.
      const r = await runAsync('status', '--json', '--data-dir', dataDir, '--server', server.grpcAddress);
      expect(r.status, r.output).toBe(0);
      expect(JSON.parse(r.output)).toMatchObject({
        info: { hostname: 'test' },
        status: { serving: 'SERVING_STATUS_SERVING' },
      });
      expect(r.bundles).toEqual(['paddock.mjs', 'verb-cli-status.mjs', GRPC_CLIENT]);
      for (const b of r.bundles) expect(readFileSync(join(dist, b), 'utf8'), b).not.toContain(GRPC_JS);
      expect(r.builtins).toEqual(expect.arrayContaining(GRPC_BUILTINS));
      expect(r.builtins).not.toContain(NODE_HTTP2);
      // The check can fail: the servers' bundles do carry grpc-js.
      const withGrpcJs = readdirSync(dist).filter(
        (f) => f.endsWith('.mjs') && readFileSync(join(dist, f), 'utf8').includes(GRPC_JS),
      );
      expect(withGrpcJs).toEqual(expect.arrayContaining(['verb-cli-up.mjs']));
    } finally {
      await server.close();
    }
  }, 60_000);
});
