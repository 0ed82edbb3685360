import { spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PaddockError } from '@paddock/runtime';

const CLI_BIN = join(import.meta.dirname, '..', '..', 'bin', 'paddock.js');
const HELPER = join(import.meta.dirname, 'demo-helper.ts');

/** Listens on the host's loopback: the demo's console and gRPC ports, refused early when taken. */
export async function loopbackListener(port: number, what: string): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(
        new PaddockError(
          'failedPrecondition',
          `cannot listen on 127.0.0.1:${port} for the ${what}: ${err.message} (choose another with --${what}-port)`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

/** Starts a command inside a namespace, detached from this process, output to a log file. */
function spawnIn(netns: string, argv: string[], log: string, extraFds: number[] = []): number {
  const out = openSync(log, 'a');
  const child = spawn('ip', ['netns', 'exec', netns, ...argv], {
    detached: true,
    stdio: ['ignore', out, out, ...extraFds],
  });
  child.unref();
  if (child.pid === undefined) throw new PaddockError('internal', `cannot start ${argv[0]} in ${netns}`);
  return child.pid;
}

export interface UpSpec {
  netns: string;
  dataDir: string;
  subnet: string;
  range: string;
  grpcPort: number;
  consolePort: number;
  qemuNetns: string;
  bridge: string;
  log: string;
}

/** `paddock up` inside the lab's server host, with every service on its eth0. */
export function startUp(s: UpSpec): number {
  // biome-ignore format: flag and value pairs read best side by side
  return spawnIn(
    s.netns,
    [
      process.execPath,
      CLI_BIN,
      'up',
      '--interface', 'eth0',
      '--subnet', s.subnet,
      '--range', s.range,
      '--data-dir', s.dataDir,
      '--grpc-listen', `0.0.0.0:${s.grpcPort}`,
      '--http-listen', `0.0.0.0:${s.consolePort}`,
      '--qemu-netns', s.qemuNetns,
      '--qemu-bridge', s.bridge,
      '--scan-interval', '10',
      // Machines' iPXE stops waiting ~16 s for an IPv6 router: the lab has none.
      '--router-advert',
    ],
    s.log,
  );
}

/** The helper inside the server host, given the loopback listeners as fds 3 and 4. */
export function startHelper(netns: string, listeners: Array<{ server: Server; port: number }>, log: string): number {
  const fds = listeners.map((l) => (l.server as unknown as { _handle: { fd: number } })._handle.fd);
  const forwards = listeners.map((l, i) => ({ fd: 3 + i, port: l.port }));
  return spawnIn(netns, [process.execPath, HELPER, JSON.stringify({ forwards })], log, fds);
}

/** Waits for paddock up's run file, failing early (with its log) if it died. */
export async function waitForRunFile(dataDir: string, pid: number, log: string, timeoutMs = 60_000): Promise<void> {
  const file = join(dataDir, 'run', 'up.json');
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive || Date.now() > deadline) throw new PaddockError('unavailable', `paddock up did not start (see ${log})`);
    await sleep(200);
  }
}
