import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchDebs, PackageError } from './deb-inputs.ts';

describe('Debian package inputs', () => {
  it('fetches and unpacks a real package, then answers from its lock', () => {
    const cache = mkdtempSync(join(tmpdir(), 'debs-'));
    try {
      const [busybox] = fetchDebs(cache, ['busybox-static']);
      expect(busybox).toMatchObject({ name: 'busybox-static', arch: 'amd64' });
      expect(readdirSync(join(busybox!.root, 'bin'))).toContain('busybox');
      const started = performance.now();
      expect(fetchDebs(cache, ['busybox-static'])).toEqual([busybox]);
      expect(performance.now() - started).toBeLessThan(200);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }, 60_000);

  it('names a package Debian does not have', () => {
    const cache = mkdtempSync(join(tmpdir(), 'debs-'));
    try {
      expect(() => fetchDebs(cache, ['busybox-static', 'no-such-package-xyz'])).toThrow(PackageError);
      expect(() => fetchDebs(cache, ['no-such-package-xyz'])).toThrow(/no such Debian package.*no-such-package-xyz/);
      expect(readdirSync(cache)).toEqual([]);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
