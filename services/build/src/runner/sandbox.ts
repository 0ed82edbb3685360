/**
 * The command line that runs a build child in its sandbox: bubblewrap with the whole file
 * system read-only, a private /tmp, the data dir hidden but for the build's own folders, its
 * own PID, IPC and UTS namespaces, no environment but PATH and HOME, killed with its parent;
 * `prlimit` caps the size of any file it writes (the disk limit). Started as root, the build
 * drops to an unprivileged user with setpriv inside the sandbox (bubblewrap itself must read
 * the data dir's folders, 0700, to mount them); otherwise it runs as the server's own user.
 * The network stays: apt fetches the input packages.
 */
export interface SandboxOptions {
  /** The program and its arguments (node, the child script, the spec). */
  command: string[];
  /** Folders the build may write (its inputs and cache); everything else is read-only. */
  writable: string[];
  /** Folders hidden behind an empty tmpfs (the data dir: keys, databases); writable ones inside stay. */
  hidden: string[];
  /** The most bytes any one file the build writes may hold. */
  fileSizeLimit: number;
  /** uid/gid to drop to, when started as root. */
  user?: { uid: number; gid: number } | undefined;
}

export function sandboxArgv(o: SandboxOptions): string[] {
  const drop = o.user
    ? ['setpriv', `--reuid=${o.user.uid}`, `--regid=${o.user.gid}`, '--clear-groups', '--inh-caps=-all', '--']
    : [];
  return [
    'prlimit',
    `--fsize=${o.fileSizeLimit}`,
    '--',
    'bwrap',
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    '--perms',
    '1777',
    '--tmpfs',
    '/tmp',
    ...o.hidden.flatMap((d) => ['--perms', '0755', '--tmpfs', d]),
    // Folders bubblewrap makes for mount points inside a hidden one would be 0700 (root's).
    ...o.writable.flatMap((d) => [
      ...between(o.hidden, d).flatMap((p) => ['--perms', '0755', '--dir', p]),
      '--bind',
      d,
      d,
    ]),
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--die-with-parent',
    '--new-session',
    '--clearenv',
    '--setenv',
    'PATH',
    '/usr/sbin:/usr/bin:/sbin:/bin',
    '--setenv',
    'HOME',
    '/tmp',
    '--',
    ...drop,
    ...o.command,
  ];
}

/** The folders strictly between a hidden folder and `dir` inside it, outermost first. */
function between(hidden: string[], dir: string): string[] {
  const h = hidden.find((x) => dir.startsWith(`${x}/`));
  if (!h) return [];
  const parts = dir
    .slice(h.length + 1)
    .split('/')
    .slice(0, -1);
  return parts.map((_, i) => `${h}/${parts.slice(0, i + 1).join('/')}`);
}
