import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UrlSigner } from './signer.ts';

const key = new Uint8Array(32).fill(7);
const split = (url: string) => {
  const [path, query] = url.split('?');
  return [path!, new URLSearchParams(query)] as const;
};

describe('UrlSigner', () => {
  it('accepts its own URL until it expires', () => {
    let now = 1_700_000_000_000;
    const s = new UrlSigner(key, () => now);
    const [path, q] = split(s.sign('/boot/node/52:54:00:12:34:56/preseed.cfg', 60));
    expect(s.verify(path, q)).toEqual({ ok: true });
    now += 61_000;
    expect(s.verify(path, q)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a URL re-aimed at another node or file, or with its expiry extended', () => {
    const s = new UrlSigner(key);
    const [path, q] = split(s.sign('/boot/node/52:54:00:12:34:56/preseed.cfg', 60));
    expect(s.verify(path.replace('56/', '57/'), q)).toEqual({ ok: false, reason: 'bad signature' });
    expect(s.verify(path.replace('preseed', 'ssh-key'), q)).toEqual({ ok: false, reason: 'bad signature' });
    const later = new URLSearchParams(q);
    later.set('exp', String(Number(q.get('exp')) + 3600));
    expect(s.verify(path, later)).toEqual({ ok: false, reason: 'bad signature' });
    expect(s.verify(path, new URLSearchParams())).toEqual({ ok: false, reason: 'unsigned' });
  });

  it('never accepts a signature made with another key', () => {
    const a = new UrlSigner(key);
    const b = new UrlSigner(new Uint8Array(32).fill(8));
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (p) => {
        const [path, q] = split(a.sign(`/x/${encodeURIComponent(p)}`, 60));
        return !b.verify(path, q).ok && a.verify(path, q).ok;
      }),
    );
  });

  it('keeps its key in a private file across restarts, and gives stable node tokens', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paddock-signer-'));
    try {
      const file = join(dir, 'boot', 'url.key');
      const first = UrlSigner.fromFile(file);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file).length).toBe(32);
      const again = UrlSigner.fromFile(file);
      expect(again.nodeToken('52:54:00:12:34:56')).toBe(first.nodeToken('52:54:00:12:34:56'));
      expect(first.nodeToken('52:54:00:12:34:56')).not.toBe(first.nodeToken('52:54:00:12:34:57'));
      expect(first.nodeToken('52:54:00:12:34:56')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
