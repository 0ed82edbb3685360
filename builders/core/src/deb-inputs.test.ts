import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
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

  it('serves two builds fetching the same package into one cache at once', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'debs-'));
    const fetch = `import { fetchDebs } from ${JSON.stringify(new URL('./deb-inputs.ts', import.meta.url).pathname)};
      process.stdout.write(JSON.stringify(fetchDebs(process.argv[1], ['busybox-static'])));`;
    const once = () => promisify(execFile)(process.execPath, ['--input-type=module', '-e', fetch, cache]);
    try {
      const [a, b] = await Promise.all([once(), once()]);
      expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
      const [busybox] = JSON.parse(a.stdout) as { root: string }[];
      expect(readdirSync(join(busybox!.root, 'bin'))).toContain('busybox');
      expect(readdirSync(join(cache, 'debs'))).toEqual([expect.stringMatching(/^busybox-static_.*_amd64\.deb$/)]);
      expect(readdirSync(join(cache, 'pkgs'))).toHaveLength(1);
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
