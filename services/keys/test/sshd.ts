import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A free loopback TCP port (asked of the kernel, then released for sshd). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * Debian's sshd on 127.0.0.1 with a host certificate, the user CA as TrustedUserCAKeys and a
 * RevokedKeys file; no passwords, no authorized_keys: certificates are the only way in.
 */
export async function startSshd(
  dir: string,
  files: { hostKey: string; hostCert: string; userCa: string; revoked: string },
) {
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const port = await freePort();
  const config = join(dir, `sshd-${port}.conf`);
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${files.hostKey}`,
      `HostCertificate ${files.hostCert}`,
      `TrustedUserCAKeys ${files.userCa}`,
      `RevokedKeys ${files.revoked}`,
      'AuthorizedKeysFile none',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      `PidFile ${join(dir, `sshd-${port}.pid`)}`,
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  const proc: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  proc.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  for (let i = 0; i < 100 && !log.includes('Server listening'); i++) await new Promise((r) => setTimeout(r, 50));
  if (!log.includes('Server listening')) throw new Error(`sshd did not start: ${log}`);
  return {
    port,
    log: () => log,
    stop: () => {
      if (proc.pid) process.kill(proc.pid, 'SIGTERM');
    },
  };
}

/** `ssh` as an admin runs it: BatchMode (no prompt, ever), strict host key checking. */
export async function sshLogin(opts: { port: number; key: string; cert: string; knownHosts: string; user?: string }) {
  const args = [
    '-F',
    '/dev/null',
    '-p',
    String(opts.port),
    '-i',
    opts.key,
    '-o',
    `CertificateFile=${opts.cert}`,
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    `UserKnownHostsFile=${opts.knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'ConnectTimeout=10',
    `${opts.user ?? 'root'}@127.0.0.1`,
    'echo logged-in-as-$(id -un)',
  ];
  return run('ssh', args, { timeout: 20_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout.trim(), stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout?.trim() ?? '',
      stderr: e.stderr ?? '',
    }),
  );
}
