import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpioNewc } from './initramfs.ts';

const haveBsdtar = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v busybox']);
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(haveBsdtar)('cpioNewc', () => {
  it('writes an archive busybox cpio extracts to the same files, modes and links', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paddock-cpio-'));
    try {
      const archive = cpioNewc([
        { path: 'bin', type: 'dir' },
        { path: 'init', type: 'file', mode: 0o755, data: '#!/bin/sh\necho hi\n' },
        { path: 'bin/sh', type: 'symlink', data: 'busybox' },
        { path: 'bin/odd', type: 'file', data: 'abc' },
      ]);
      writeFileSync(join(dir, 'a.cpio'), archive);
      execFileSync('sh', ['-c', `cd ${dir} && mkdir x && cd x && busybox cpio -i -d < ../a.cpio`]);
      expect(readFileSync(join(dir, 'x/init'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
      expect(statSync(join(dir, 'x/init')).mode & 0o777).toBe(0o755);
      expect(readlinkSync(join(dir, 'x/bin/sh'))).toBe('busybox');
      expect(readFileSync(join(dir, 'x/bin/odd'), 'utf8')).toBe('abc');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
