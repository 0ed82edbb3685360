import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { failedPrecondition } from '@paddock/runtime';

/**
 * Seals BMC passwords with AES-256-GCM under a key kept in the data dir (mode 0600), so the
 * store, its backups and etcd hold only ciphertext. The node ID is the additional data: a
 * sealed password copied onto another node does not open.
 */
export class CredentialBox {
  readonly #keyFile: string;
  #key: Buffer | undefined;

  constructor(keyFile: string) {
    this.#keyFile = keyFile;
  }

  seal(nodeId: string, secret: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.#loadKey(), iv).setAAD(Buffer.from(nodeId));
    const ct = Buffer.concat([c.update(secret, 'utf8'), c.final()]);
    return `v1.${Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64url')}`;
  }

  open(nodeId: string, sealed: string): string {
    const raw = sealed.startsWith('v1.') ? Buffer.from(sealed.slice(3), 'base64url') : Buffer.alloc(0);
    if (raw.length < 28) throw failedPrecondition('the stored BMC password is unreadable: set the node up again');
    try {
      const d = createDecipheriv('aes-256-gcm', this.#loadKey(), raw.subarray(0, 12)).setAAD(Buffer.from(nodeId));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    } catch {
      throw failedPrecondition(`the stored BMC password does not open with ${this.#keyFile} (was the key replaced?)`);
    }
  }

  #loadKey(): Buffer {
    if (this.#key) return this.#key;
    try {
      const key = readFileSync(this.#keyFile);
      if (key.length !== 32) throw failedPrecondition(`${this.#keyFile} is not a 32-byte key`);
      if ((statSync(this.#keyFile).mode & 0o077) !== 0) chmodSync(this.#keyFile, 0o600);
      this.#key = key;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      mkdirSync(dirname(this.#keyFile), { recursive: true, mode: 0o700 });
      const key = randomBytes(32);
      // 'wx': two servers starting at once must not each write their own key.
      writeFileSync(this.#keyFile, key, { mode: 0o600, flag: 'wx' });
      this.#key = key;
    }
    return this.#key;
  }
}
