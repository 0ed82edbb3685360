import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpioNewc } from './initramfs.ts';

describe('cpio newc', () => {
  it('writes 4-byte aligned records ending with the trailer', () => {
    const bytes = cpioNewc([{ path: '/init', type: 'file', mode: 0o755, data: 'abc' }]);
    const text = Buffer.from(bytes).toString('latin1');
    expect(text.startsWith('070701')).toBe(true);
    expect(bytes.length % 4).toBe(0);
    expect(text).toContain('init\0');
    expect(text).toContain('TRAILER!!!\0');
  });

  it('is read back by busybox cpio as the same tree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpio-'));
    try {
      const archive = join(dir, 'a.cpio');
      writeFileSync(
        archive,
        cpioNewc([
          { path: 'bin', type: 'dir' },
          { path: 'bin/hello', type: 'file', mode: 0o755, data: '#!/bin/sh\necho hi\n' },
          { path: 'bin/sh', type: 'symlink', data: 'busybox' },
          { path: 'odd', type: 'file', data: new Uint8Array([1, 2, 3, 4, 5]) },
        ]),
      );
      const out = join(dir, 'out');
      execFileSync('sh', ['-c', `mkdir -p ${out} && cd ${out} && busybox cpio -i < ${archive}`], { stdio: 'pipe' });
      expect(readFileSync(join(out, 'bin/hello'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
      expect(statSync(join(out, 'bin/hello')).mode & 0o777).toBe(0o755);
      expect(readlinkSync(join(out, 'bin/sh'))).toBe('busybox');
      expect([...readFileSync(join(out, 'odd'))]).toEqual([1, 2, 3, 4, 5]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
