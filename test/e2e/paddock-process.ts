/**
 * Starts a real `paddock up` on loopback ports chosen by the kernel, in a throw-away data dir,
 * for end-to-end tests; `stop` kills exactly that process and removes the dir.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const CLI_BIN = join(REPO_ROOT, 'services', 'cli', 'bin', 'paddock.js');

export interface RunningPaddock {
  dataDir: string;
  /** `<data-dir>/run/up.json` as written once the server listens. */
  run: { name: string; services: string[]; grpc: string; http: string; pid: number };
  token: string;
  /** Everything the server printed so far, for failure messages. */
  output(): string;
  /** Kills the server; the data dir is removed unless `keepDataDir` (to start it again). */
  stop(keepDataDir?: boolean): Promise<void>;
}

export interface StartOptions {
  /** Reuse a data dir (same token and CA); a new temp dir when omitted. */
  dataDir?: string;
  grpcListen?: string;
  httpListen?: string;
  timeoutMs?: number;
  /** More flags for `paddock up` (`--store etcd://…`). */
  args?: string[];
}

export async function startPaddockUp(opts: StartOptions = {}): Promise<RunningPaddock> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'paddock-e2e-'));
  const timeoutMs = opts.timeoutMs ?? 45_000;
  const grpcListen = opts.grpcListen ?? '127.0.0.1:0';
  const args = [
    'up',
    '--data-dir',
    dataDir,
    '--grpc-listen',
    grpcListen,
    '--http-listen',
    opts.httpListen ?? '127.0.0.1:0',
    ...(opts.args ?? []),
  ];
  // A restart must not find the previous server's run file and take it for its own.
  rmSync(join(dataDir, 'run', 'up.json'), { force: true });
  const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (b: Buffer) => {
    output += b.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const stop = (keepDataDir = false) => stopChild(child, keepDataDir ? undefined : dataDir);
  try {
    const runFile = join(dataDir, 'run', 'up.json');
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(runFile)) {
      if (child.exitCode !== null) throw new Error(`paddock up exited with ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`paddock up did not write ${runFile} in ${timeoutMs} ms:\n${output}`);
      await delay(100);
    }
    const run = JSON.parse(readFileSync(runFile, 'utf8')) as RunningPaddock['run'];
    const token = readFileSync(join(dataDir, 'admin.token'), 'utf8').trim();
    return { dataDir, run, token, output: () => output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function stopChild(child: ChildProcess, dataDir: string | undefined): Promise<void> {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

/**
 * `--keys-passphrase-file` and a file of its own: servers of one site on etcd share the
 * authorities, sealed under one passphrase, so each must be given the same one.
 */
export function sitePassphraseArgs(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'paddock-site-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'keys.passphrase');
  writeFileSync(file, 'one passphrase for every server of the site\n', { mode: 0o600 });
  return ['--keys-passphrase-file', file];
}
