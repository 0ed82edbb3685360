import type { Target } from '../engine/types.ts';

export interface SshFiles {
  /** The deployment's private key; its certificate is `${key}-cert.pub`. */
  key: string;
  cert: string;
  knownHosts: string;
  /** Directory of the ControlMaster sockets (short: sun_path holds 108 bytes). */
  controlDir: string;
}

/**
 * Debian's OpenSSH client, configured only by these options (-F /dev/null: no user config
 * changes what a deployment trusts). BatchMode never prompts; StrictHostKeyChecking=yes with
 * our own known_hosts refuses any host without a certificate from our host CA. ControlMaster
 * keeps one connection per host for every step (one handshake per host, not per command);
 * ServerAlive notices a host that vanished mid-step within `aliveTimeoutS` (default 12 s); ssh
 * applies the same limit to each packet of the handshake, so it leaves room for a slow one (a
 * node-image machine under emulation on a busy host took 8 s to its login prompt). A connection
 * that could not be made is tried `connectAttempts` times (default 2), each within
 * `connectTimeoutS`: no command has run when it fails, and a host too busy to answer at once (a
 * machine under emulation on a loaded host) often answers the second try.
 */
export function sshArgs(
  f: SshFiles,
  t: Target,
  opts: {
    connectTimeoutS?: number | undefined;
    aliveTimeoutS?: number | undefined;
    connectAttempts?: number | undefined;
  } = {},
): string[] {
  return [
    '-F',
    '/dev/null',
    '-p',
    String(t.port ?? 22),
    '-l',
    t.user ?? 'root',
    '-i',
    f.key,
    '-o',
    `CertificateFile=${f.cert}`,
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    `UserKnownHostsFile=${f.knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'UpdateHostKeys=no',
    '-o',
    'BatchMode=yes',
    '-o',
    'PasswordAuthentication=no',
    '-o',
    `ConnectTimeout=${opts.connectTimeoutS ?? 15}`,
    '-o',
    `ConnectionAttempts=${Math.max(1, opts.connectAttempts ?? 2)}`,
    '-o',
    'ServerAliveInterval=2',
    '-o',
    `ServerAliveCountMax=${Math.max(1, Math.ceil((opts.aliveTimeoutS ?? 12) / 2))}`,
    '-o',
    'ControlMaster=auto',
    '-o',
    `ControlPath=${f.controlDir}/%C`,
    '-o',
    'ControlPersist=60',
    t.address,
  ];
}
