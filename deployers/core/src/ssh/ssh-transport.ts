import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Transport } from '../engine/transport.ts';
import type { Remote, Target } from '../engine/types.ts';
import { sh } from '../steps/shell.ts';
import { knownHostsFile } from './known-hosts.ts';
import { type SshFiles, sshArgs } from './ssh-args.ts';
import { runSsh } from './ssh-command.ts';
import { classifySsh, SshError } from './ssh-errors.ts';

const exec = promisify(execFile);

/** What a deployment needs from the keys service (gRPC in the CLI, the authority itself in tests). */
export interface SshAuthority {
  /** The SSH host CA public key line and the revoked host keys. */
  hostCa(): Promise<{ line: string; revoked: string[] }>;
  /** A user certificate for `publicKey`, valid for `principals` during `ttlSeconds`. */
  userCertificate(publicKey: string, principals: string[], ttlSeconds: number): Promise<string>;
}

export interface SshTransportOptions {
  /** The user certificate lives this long: the deployment's expected duration. Default 1 h. */
  ttlSeconds?: number;
  connectTimeoutS?: number;
  /** Tries to make a connection before the host is unreachable (see sshArgs). Default 2. */
  connectAttempts?: number;
  /**
   * Seconds without an answer after which ssh gives a connection up: mid-step (a host that
   * vanished) and during the handshake alike. Default 12.
   */
  aliveTimeoutS?: number;
  /** How to run the client: default `ssh`; a lab runs it inside a namespace (`ip netns exec NS ssh`). */
  sshCommand?: string[];
  /** Cuts running commands short (Ctrl-C). */
  signal?: AbortSignal;
}

/**
 * SSH to the targets with a throw-away key whose certificate the keys service issues for this
 * deployment only, trusting hosts only through a known_hosts file of our host CA. Close it to
 * stop the multiplexed connections and delete the key.
 */
export async function openSshTransport(
  authority: SshAuthority,
  targets: readonly Target[],
  opts: SshTransportOptions = {},
): Promise<Transport> {
  const dir = mkdtempSync('/tmp/pdk-');
  try {
    const key = join(dir, 'id');
    await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'paddock-deploy', '-f', key]);
    const users = [...new Set(targets.map((t) => t.user ?? 'root'))];
    const cert = await authority.userCertificate(readFileSync(`${key}.pub`, 'utf8'), users, opts.ttlSeconds ?? 3600);
    writeFileSync(`${key}-cert.pub`, `${cert.trim()}\n`);
    const ca = await authority.hostCa();
    writeFileSync(join(dir, 'known_hosts'), knownHostsFile(ca.line, targets, ca.revoked));
    const files: SshFiles = { key, cert: `${key}-cert.pub`, knownHosts: join(dir, 'known_hosts'), controlDir: dir };
    return new SshTransport(files, dir, opts);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

class SshTransport implements Transport {
  readonly #files: SshFiles;
  readonly #dir: string;
  readonly #opts: SshTransportOptions;
  readonly #used = new Map<string, Target>();
  readonly #ssh: string[];

  constructor(files: SshFiles, dir: string, opts: SshTransportOptions) {
    this.#files = files;
    this.#dir = dir;
    this.#opts = opts;
    this.#ssh = opts.sshCommand ?? ['ssh'];
  }

  remote(target: Target, log: (line: string) => void): Remote {
    this.#used.set(target.name, target);
    const args = sshArgs(this.#files, target, {
      connectTimeoutS: this.#opts.connectTimeoutS,
      aliveTimeoutS: this.#opts.aliveTimeoutS,
      connectAttempts: this.#opts.connectAttempts,
    });
    return {
      run: async (command, o = {}) => {
        const fed = o.inputFile ? ` < ${o.inputFile}` : o.input ? ` <<< (${o.input.length} bytes)` : '';
        log(`$ ${command}${fed}`);
        const r = await runSsh([...this.#ssh, ...args, '--', remoteCommand(command)], {
          ...o,
          signal: this.#opts.signal,
        });
        if (r.stdout) log(o.secret ? `(${r.stdout.length} bytes of secret output, not logged)` : r.stdout);
        if (r.stderr) log(`stderr: ${r.stderr}`);
        log(`exit ${r.code}`);
        if (r.code === 255) throw classifySsh(r.stderr);
        if (this.#opts.signal?.aborted) throw new SshError('lost', 'interrupted');
        return r;
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all(
      [...this.#used.values()].map((t) =>
        runSsh([...this.#ssh, '-O', 'exit', ...sshArgs(this.#files, t)], { timeoutMs: 5000 }),
      ),
    );
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** The command in a POSIX shell whose exit 255 becomes 254, so that 255 only ever means ssh failed. */
export function remoteCommand(command: string): string {
  return `sh -c ${sh(command)}; r=$?; [ $r -eq 255 ] && r=254; exit $r`;
}
