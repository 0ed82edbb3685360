/**
 * A boot port already taken must stop start-up with one line naming the flag that chose it and a
 * non-zero exit, not leave a server that prints nothing and never starts.
 */
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labSkipReason } from '@paddock/lab';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, loopbackServe } from './serve-args.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Runs the CLI to its end (or kills it after 60 s) and gives its exit code and stderr. */
function paddock(argv: string[], prefix: string[] = []): Promise<{ code: number | null; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'paddock-listen-'));
  dirs.push(dir);
  const args = loopbackServe(argv, dir);
  const [cmd, ...rest] = [...prefix, process.execPath, BIN, ...args];
  return new Promise((resolve) => {
    execFile(cmd!, rest, { timeout: 60_000, env: { ...process.env, PADDOCK_FROM_SOURCE: '1' } }, (err, _out, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stderr }),
    );
  });
}

describe('a boot port already in use', () => {
  /** Holds a port of the kind the flag chooses and gives its address. */
  const holders: Record<string, () => Promise<{ at: string; close: () => void }>> = {
    '--tftp-listen': async () => {
      const s = createSocket('udp4');
      await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
      return { at: `127.0.0.1:${s.address().port}`, close: () => s.close() };
    },
    '--boot-http-listen': async () => {
      const s = createServer();
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      return { at: `127.0.0.1:${(s.address() as { port: number }).port}`, close: () => s.close() };
    },
  };

  it.each(Object.keys(holders))(
    'paddock boot serve names %s and exits non-zero',
    async (flag) => {
      const taken = await holders[flag]!();
      try {
        const r = await paddock([
          'boot',
          'serve',
          '--no-follow-inventory',
          '--advertise-address',
          '127.0.0.1',
          flag,
          taken.at,
        ]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(new RegExp(`${flag} ${taken.at}: .*address already in use`));
      } finally {
        taken.close();
      }
    },
    90_000,
  );

  // UDP 69 on the interface's address: in a network namespace of the test's own (unshare), so
  // nothing on the host is touched; python holds the port while paddock starts.
  it.skipIf(labSkipReason())(
    'paddock up names --interface when UDP 69 on it is taken',
    async () => {
      const holder =
        "import socket,os,sys; s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(('127.0.0.1',69)); s.set_inheritable(True); os.execvp(sys.argv[1], sys.argv[1:])";
      const r = await paddock(
        ['up', '--interface', 'lo'],
        ['unshare', '--net', 'sh', '-c', `ip link set lo up && exec python3 -c "${holder}" "$@"`, 'sh'],
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--interface lo \(TFTP on 127\.0\.0\.1:69\): .*address already in use/);
    },
    90_000,
  );
});

describe('a scanner interface that does not exist', () => {
  it('paddock scanner serve --interface nosuch0 fails at start, naming the flag', async () => {
    const r = await paddock(['scanner', 'serve', '--interface', 'nosuch0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--interface: no interface named "nosuch0"/);
  }, 90_000);
});

// The package's case: a data dir left by root (a clone run as root), then the service user.
describe.skipIf(labSkipReason())('a data dir this user may not write', () => {
  it.each(['up', 'inventory serve'])(
    'paddock %s names the owner and the fix, and exits non-zero',
    async (verb) => {
      const r = await paddock(verb.split(' '), ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^paddock: data dir \S+: this process runs as nobody \(uid 65534\), but the dir belongs to uid 0 \(mode 0700\): give it to this user \(chown -R nobody \S+\) or choose another --data-dir\n$/,
      );
    },
    90_000,
  );
});
