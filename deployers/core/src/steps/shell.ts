import { createHash } from 'node:crypto';
import type { Check, Remote, RemoteResult, RunOptions, Step } from '../engine/types.ts';

/** Quotes one word for the remote POSIX shell. */
export const sh = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;

/** Runs a command and throws with its stderr when it exits non-zero: a failed apply names why. */
export async function runOk(remote: Remote, command: string, input?: string | RunOptions): Promise<RemoteResult> {
  const o = input === undefined ? {} : typeof input === 'string' ? { input } : input;
  const r = await remote.run(command, o);
  if (r.code !== 0) {
    // A secret's output never reaches the error (which the progress file and the plan keep).
    const why = (r.stderr.trim() || (o.secret ? '' : r.stdout.trim())).split('\n').slice(-3).join(' | ');
    throw new Error(`\`${command.slice(0, 80)}\` exited ${r.code}${why ? `: ${why}` : ''}`);
  }
  return r;
}

/** A step made of two shell commands: `check` exits 0 when in place; `apply` puts it in place. */
export function shellStep(o: { id: string; title: string; check: string; apply: string; reason?: string }): Step {
  return {
    id: o.id,
    title: o.title,
    check: async ({ remote }) => {
      const r = await remote.run(o.check);
      return r.code === 0
        ? { kind: 'ok' }
        : { kind: 'change', reason: o.reason ?? (r.stdout.trim() || 'not in place') };
    },
    apply: async ({ remote }) => {
      await runOk(remote, o.apply);
    },
  };
}

/**
 * A file with exactly this content and mode. Compared by SHA-256 so the check sends no content;
 * written to a temporary name and renamed, so a cut connection never leaves half a file.
 */
export function fileStep(o: {
  id: string;
  path: string;
  /** A function when the content depends on what an earlier stage collected. */
  content: string | (() => string);
  mode?: string;
  title?: string;
}): Step {
  const content = () => (typeof o.content === 'string' ? o.content : o.content());
  const wantSum = () => createHash('sha256').update(content()).digest('hex');
  const mode = o.mode ?? '644';
  const p = sh(o.path);
  return {
    id: o.id,
    title: o.title ?? `write ${o.path}`,
    check: ({ remote }) => compareFile(remote, o.path, wantSum, mode),
    apply: async ({ remote }) => {
      const tmp = sh(`${o.path}.paddock-tmp`);
      await runOk(
        remote,
        `mkdir -p "$(dirname ${p})" && cat > ${tmp} && chmod ${mode} ${tmp} && mv -f ${tmp} ${p}`,
        content(),
      );
    },
  };
}

/**
 * Whether the file on the host has this SHA-256 and mode; reads only its sum, never its content.
 * `sum` is asked only when the file exists: content an earlier stage has not collected yet (a
 * plan before the first run) cannot be computed, and a missing file needs no comparison.
 */
export async function compareFile(
  remote: Remote,
  path: string,
  sum: () => string | Promise<string>,
  mode: string,
): Promise<Check> {
  const r = await remote.run(`sha256sum ${sh(path)} 2>/dev/null; stat -c %a ${sh(path)} 2>/dev/null`);
  const [got, gotMode] = r.stdout.trim().split('\n');
  if (!got) return { kind: 'change', reason: 'missing' };
  if (got.split(' ')[0] !== (await sum())) return { kind: 'change', reason: 'content differs' };
  if (gotMode !== mode) return { kind: 'change', reason: `mode ${gotMode}, want ${mode}` };
  return { kind: 'ok' };
}

/**
 * A process started detached (setsid, no terminal, output to a log), its pid in `pidFile`. With
 * `stamp`, the SHA-256 of those files at start is kept beside the pid: when one changes (new
 * settings, a new binary) the check finds it and apply restarts the process, so a setting changed
 * on a later run takes effect instead of being written and ignored.
 */
export function daemonStep(o: {
  id: string;
  title: string;
  command: string;
  pidFile: string;
  logFile: string;
  match: string;
  stamp?: string[];
}): Step {
  const pid = sh(o.pidFile);
  const stampFile = sh(`${o.pidFile}.stamp`);
  const sums = o.stamp?.length ? `sha256sum ${o.stamp.map(sh).join(' ')}` : '';
  const alive = `p=$(cat ${pid} 2>/dev/null) && kill -0 "$p" 2>/dev/null`;
  return {
    id: o.id,
    title: o.title,
    check: async ({ remote }) => {
      const settings = sums ? `; echo; ${sums} | cmp -s - ${stampFile} && echo same-settings` : '';
      const r = await remote.run(`${alive} && tr '\\0' ' ' < /proc/$p/cmdline${settings}`);
      // The pid alone could be reused by another program after a reboot: its command line must match.
      const [cmdline = '', same] = r.stdout.split('\n');
      if (!cmdline.includes(o.match)) return { kind: 'change', reason: 'not running' };
      if (sums && same !== 'same-settings') return { kind: 'change', reason: 'running with older settings: restart' };
      return { kind: 'ok' };
    },
    apply: async ({ remote }) => {
      const log = sh(o.logFile);
      const stop = `if ${alive}; then kill "$p"; for i in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done; fi`;
      const record = sums ? ` && ${sums} > ${stampFile}` : '';
      await runOk(
        remote,
        `${sums ? `${stop}; ` : ''}mkdir -p "$(dirname ${pid})" "$(dirname ${log})"${record} && { setsid ${o.command} >> ${log} 2>&1 < /dev/null & echo $! > ${pid}; }; sleep 0.5`,
      );
    },
  };
}
