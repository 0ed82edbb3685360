import { createHash } from 'node:crypto';
import type { Remote, RemoteResult, Step } from '../engine/types.ts';

/** Quotes one word for the remote POSIX shell. */
export const sh = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;

/** Runs a command and throws with its stderr when it exits non-zero: a failed apply names why. */
export async function runOk(remote: Remote, command: string, input?: string): Promise<RemoteResult> {
  const r = await remote.run(command, input === undefined ? {} : { input });
  if (r.code !== 0) {
    const why = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join(' | ');
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
    check: async ({ remote }) => {
      const r = await remote.run(`sha256sum ${p} 2>/dev/null; stat -c %a ${p} 2>/dev/null`);
      const [sum, gotMode] = r.stdout.trim().split('\n');
      if (!sum) return { kind: 'change', reason: 'missing' };
      if (sum.split(' ')[0] !== wantSum()) return { kind: 'change', reason: 'content differs' };
      if (gotMode !== mode) return { kind: 'change', reason: `mode ${gotMode}, want ${mode}` };
      return { kind: 'ok' };
    },
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

/** A process started detached (setsid, no terminal, output to a log), its pid in `pidFile`. */
export function daemonStep(o: {
  id: string;
  title: string;
  command: string;
  pidFile: string;
  logFile: string;
  match: string;
}): Step {
  const pid = sh(o.pidFile);
  return {
    id: o.id,
    title: o.title,
    check: async ({ remote }) => {
      const r = await remote.run(
        `p=$(cat ${pid} 2>/dev/null) && kill -0 "$p" 2>/dev/null && tr '\\0' ' ' < /proc/$p/cmdline`,
      );
      // The pid alone could be reused by another program after a reboot: its command line must match.
      return r.code === 0 && r.stdout.includes(o.match) ? { kind: 'ok' } : { kind: 'change', reason: 'not running' };
    },
    apply: async ({ remote }) => {
      const log = sh(o.logFile);
      await runOk(
        remote,
        `mkdir -p "$(dirname ${pid})" "$(dirname ${log})" && setsid ${o.command} >> ${log} 2>&1 < /dev/null & echo $! > ${pid}; sleep 0.5`,
      );
    },
  };
}
