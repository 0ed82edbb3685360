import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Remote, Step } from '../engine/types.ts';
import { runOk, sh } from './shell.ts';

/** A file the step puts on the host: text (`content`) or a local file copied byte for byte (`local`). */
export interface FileSpec {
  path: string;
  mode?: string;
  content?: string | (() => string);
  local?: string;
  /**
   * `local` compressed with gzip: sent instead and unpacked on the host (`gunzip`, in every
   * Debian and busybox), where the link, not the CPU, is slow (a machine under emulation). The
   * SHA-256 compared is still `local`'s, so a stale archive fails the step's check.
   */
  gzip?: string;
}

/** SHA-256 of a local file, streamed: a k3s binary or an images tarball is large. */
export function fileSha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('error', reject)
      .on('data', (b) => h.update(b))
      .on('end', () => resolve(h.digest('hex')));
  });
}

/**
 * Several files in one step: one command reads every file's SHA-256 and mode (never its
 * content), and only the files that differ are sent — text over stdin, local files streamed over
 * the SSH connection — each to a temporary name renamed into place, so a cut connection never
 * leaves half a binary. One check for all keeps a second run cheap on hosts where each remote
 * command costs a session.
 */
export function filesStep(o: { id: string; title: string; files: FileSpec[] }): Step {
  const sums = new Map<string, Promise<string>>();
  const want = (f: FileSpec): Promise<string> => {
    if (!sums.has(f.path))
      sums.set(
        f.path,
        f.local ? fileSha256(f.local) : Promise.resolve(createHash('sha256').update(text(f)).digest('hex')),
      );
    return sums.get(f.path)!;
  };
  const differing = async (remote: Remote) => {
    const list = o.files.map((f) => sh(f.path)).join(' ');
    const r = await runOk(
      remote,
      `for f in ${list}; do s=$(sha256sum "$f" 2>/dev/null) || s=-; m=$(stat -c %a "$f" 2>/dev/null) || m=-; echo "\${s%% *} $m"; done`,
    );
    const lines = r.stdout.trim().split('\n');
    const out: { file: FileSpec; why: string }[] = [];
    for (const [i, f] of o.files.entries()) {
      const [sum = '-', mode = '-'] = (lines[i] ?? '').split(' ');
      const wantMode = f.mode ?? '644';
      // The sum is asked only for a file that exists: a missing one needs no comparison.
      const why =
        sum === '-'
          ? 'missing'
          : sum !== (await want(f))
            ? 'content differs'
            : mode !== wantMode
              ? `mode ${mode}, want ${wantMode}`
              : '';
      if (why) out.push({ file: f, why });
    }
    return out;
  };
  return {
    id: o.id,
    title: o.title,
    check: async ({ remote }) => {
      const d = await differing(remote);
      return d.length === 0
        ? { kind: 'ok' }
        : { kind: 'change', reason: d.map((x) => `${x.file.path} ${x.why}`).join(', ') };
    },
    apply: async ({ remote }) => {
      for (const { file } of await differing(remote)) {
        const p = sh(file.path);
        const tmp = sh(`${file.path}.paddock-tmp`);
        const read = file.gzip ? 'gunzip -c' : 'cat';
        await runOk(
          remote,
          `mkdir -p "$(dirname ${p})" && ${read} > ${tmp} && chmod ${file.mode ?? '644'} ${tmp} && mv -f ${tmp} ${p}`,
          file.local ? { inputFile: file.gzip ?? file.local, timeoutMs: 30 * 60_000 } : { input: text(file) },
        );
      }
    },
  };
}

const text = (f: FileSpec): string => (typeof f.content === 'function' ? f.content() : (f.content ?? ''));
