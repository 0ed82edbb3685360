import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Host } from './host.ts';
import type { LabProcess } from './lab-process.ts';

/**
 * Directories each lab SSH host has to itself, so what a deployment installs differs per host.
 * /root too: a login runs the user's shell rc files, and the machine's own must not leak in.
 */
export const PRIVATE_DIRS = [
  '/root',
  '/etc/paddock',
  '/var/lib/paddock',
  '/var/log/paddock',
  '/run/paddock',
  '/run/wireguard',
];

export interface LabSshdOptions {
  /** This host's own directory: sshd's config and pid file, and the backing of its private dirs. */
  dir: string;
  hostKey: string;
  /** The host certificate (`ssh-keygen -s` or the keys service's enrolment). */
  hostCert: string;
  /** TrustedUserCAKeys: the user CA whose certificates may log in. */
  userCa: string;
  port?: number;
  privateDirs?: string[];
}

export interface LabSshd {
  process: LabProcess;
  /** Where this host's private dirs are seen from outside: `${root}/etc/paddock` is its /etc/paddock. */
  root: string;
  /** sshd's log so far (connections, accepted certificates, refusals). */
  log(): string;
}

/**
 * Debian's sshd inside a lab host, in a mount namespace of its own (unshare(1) --mount) in which
 * each private dir is a bind mount of `${dir}/root/<dir>`: every login and every daemon started
 * over SSH sees this host's /etc/paddock, not the machine's. Certificates are the only way in.
 */
export async function startLabSshd(host: Host, o: LabSshdOptions): Promise<LabSshd> {
  const root = join(o.dir, 'root');
  const dirs = o.privateDirs ?? PRIVATE_DIRS;
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  for (const d of dirs) {
    mkdirSync(join(root, d), { recursive: true });
    // The mount point must exist on the shared file system; an empty directory is all it leaves.
    mkdirSync(d, { recursive: true });
  }
  const config = join(o.dir, 'sshd_config');
  const logFile = join(o.dir, 'sshd.log');
  writeFileSync(config, sshdConfig(o));
  const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const script = [
    ...dirs.map((d) => `mount --bind ${q(join(root, d))} ${q(d)}`),
    // A log file, not stderr: each connection's sshd inherits stderr, and one stuck on a dead link
    // would hold the lab's pipe open (and its destroy waiting) long after the listener is gone.
    `exec /usr/sbin/sshd -D -E ${q(logFile)} -f ${q(config)} </dev/null >/dev/null 2>&1`,
  ].join(' && ');
  writeFileSync(logFile, '');
  const proc = host.spawn(['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script]);
  const log = () => readFileSync(logFile, 'utf8');
  for (let i = 0; i < 200 && !log().includes('Server listening') && proc.exitCode === undefined; i++) await sleep(50);
  if (!log().includes('Server listening'))
    throw new Error(`sshd in ${host.name} did not start: ${proc.output()}${log()}`);
  return { process: proc, root, log };
}

function sshdConfig(o: LabSshdOptions): string {
  return [
    `Port ${o.port ?? 22}`,
    `HostKey ${o.hostKey}`,
    `HostCertificate ${o.hostCert}`,
    `TrustedUserCAKeys ${o.userCa}`,
    'AuthorizedKeysFile none',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'MaxStartups 100',
    `PidFile ${join(o.dir, 'sshd.pid')}`,
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}
