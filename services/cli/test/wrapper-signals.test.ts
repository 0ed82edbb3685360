/**
 * `bin/paddock.js` started by the system's older node runs Node 24 as a child: a stop signal
 * sent to the wrapper must stop the server too (a DHCP server must not keep answering after its
 * operator stopped it), and the wrapper must end as the server did.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BIN, loopbackServe } from './serve-args.ts';

// Debian's nodejs (installed by scripts/setup.sh) is older than 24: it takes the wrapper path.
const SYSTEM_NODE = '/usr/bin/node';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts the wrapper and resolves with the server's own pid once it listens. */
async function startServer(args: string[]): Promise<{ wrapper: ChildProcess; serverPid: number; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'paddock-wrap-'));
  const all = loopbackServe(args, dir);
  // PADDOCK_FROM_SOURCE: run what is being tested, not a bundle built earlier.
  const env = { ...process.env, PADDOCK_FROM_SOURCE: '1', PADDOCK_LOG_LEVEL: 'info' };
  const wrapper = spawn(SYSTEM_NODE, [BIN, ...all], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  wrapper.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  wrapper.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const line = out.split('\n').find((l) => l.includes('"msg":"paddock listening"'));
    if (line) return { wrapper, serverPid: (JSON.parse(line) as { pid: number }).pid, dir };
    if (wrapper.exitCode !== null || Date.now() > deadline) {
      wrapper.kill('SIGKILL');
      throw new Error(`server did not start:\n${out}`);
    }
    await delay(100);
  }
}

const cases: [string, NodeJS.Signals, string[]][] = [
  ['dhcp serve', 'SIGTERM', ['dhcp', 'serve', '--interface', 'lo']],
  ['dhcp serve', 'SIGINT', ['dhcp', 'serve', '--interface', 'lo']],
  ['up', 'SIGTERM', ['up', '--boot-http-listen', '127.0.0.1:0', '--advertise-address', '127.0.0.1']],
  ['up', 'SIGINT', ['up', '--boot-http-listen', '127.0.0.1:0', '--advertise-address', '127.0.0.1']],
];

describe('the paddock wrapper under an older node', () => {
  it('is started by a node older than 24', () => {
    const version = execFileSync(SYSTEM_NODE, ['--version'], { encoding: 'utf8' });
    expect(Number(version.slice(1).split('.')[0])).toBeLessThan(24);
  });

  it.each(cases)('%s stops with its wrapper on %s', { timeout: 90_000 }, async (_name, signal, args) => {
    const { wrapper, serverPid, dir } = await startServer(args);
    try {
      expect(serverPid).not.toBe(wrapper.pid);
      const exited = new Promise<[number | null, string | null]>((r) => wrapper.once('exit', (c, s) => r([c, s])));
      wrapper.kill(signal);
      // A graceful stop: the server closes its listeners and exits 0; the wrapper exits with it.
      expect(await exited).toEqual([0, null]);
      expect(alive(serverPid)).toBe(false);
    } finally {
      if (alive(serverPid)) process.kill(serverPid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ends killed by the same signal when the server is killed', { timeout: 90_000 }, async () => {
    const { wrapper, serverPid, dir } = await startServer(['dhcp', 'serve', '--interface', 'lo']);
    try {
      const exited = new Promise<[number | null, string | null]>((r) => wrapper.once('exit', (c, s) => r([c, s])));
      process.kill(serverPid, 'SIGKILL');
      expect(await exited).toEqual([null, 'SIGKILL']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
