import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type SignatureVerdict = { ok: true } | { ok: false; reason: 'unsigned' | 'expired' | 'bad signature' };

/**
 * Signs URL paths with an expiry (HMAC-SHA256 over path and expiry, key kept in the data dir):
 * per-node files and scripts reach firmware that cannot send a credential, so possession of a
 * fresh URL is the credential. The path binds the MAC and file, so a URL cannot be re-aimed.
 */
export class UrlSigner {
  readonly #key: Uint8Array;
  readonly #now: () => number;

  constructor(key: Uint8Array, now: () => number = Date.now) {
    if (key.length < 32) throw new RangeError('URL signing key must be at least 32 bytes');
    this.#key = key;
    this.#now = now;
  }

  /** Reads the key file, creating it (0600) with a random key on first start. */
  static fromFile(file: string, now?: () => number): UrlSigner {
    let key: Buffer;
    try {
      key = readFileSync(file);
    } catch {
      key = randomBytes(32);
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
    }
    return new UrlSigner(key, now);
  }

  #mac(text: string): string {
    return createHmac('sha256', this.#key).update(text).digest('base64url');
  }

  /** `path?exp=<unix seconds>&sig=<mac>`; path must already be percent-encoded. */
  sign(path: string, ttlSeconds: number): string {
    const exp = Math.floor(this.#now() / 1000) + Math.max(1, Math.floor(ttlSeconds));
    return `${path}?exp=${exp}&sig=${this.#mac(`${path}\n${exp}`)}`;
  }

  verify(path: string, query: URLSearchParams): SignatureVerdict {
    const exp = query.get('exp');
    const sig = query.get('sig');
    if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return { ok: false, reason: 'unsigned' };
    const want = Buffer.from(this.#mac(`${path}\n${exp}`));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return { ok: false, reason: 'bad signature' };
    if (Number(exp) * 1000 < this.#now()) return { ok: false, reason: 'expired' };
    return { ok: true };
  }

  /** A stable per-node secret a script can hand to the installed system (base64url, 22 chars). */
  nodeToken(mac: string): string {
    return this.#mac(`node-token\n${mac.toLowerCase()}`).slice(0, 22);
  }
}
