import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, ensureDataDir } from '@paddock/runtime';
import { passphraseFrom } from '../authority/sealed-key.ts';

/**
 * The passphrase that seals the authorities' keys: given inline (PADDOCK_KEYS_PASSPHRASE), or
 * read from a key file the admin keeps (--keys-passphrase-file). Without either, a random one
 * is made once in `<data-dir>/keys.passphrase` (0600) and kept there, so a plain `paddock up`
 * works; an admin who wants the data dir useless when copied keeps the key file elsewhere.
 */
export function resolvePassphrase(opts: {
  dataDir: string;
  file?: string | undefined;
  text?: string | undefined;
}): string {
  if (opts.text) return passphraseFrom(opts.text, 'the keys passphrase');
  const file = opts.file ?? join(opts.dataDir, 'keys.passphrase');
  if (!opts.file && !existsSync(file)) {
    ensureDataDir(opts.dataDir);
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  }
  try {
    return passphraseFrom(readFileSync(file, 'utf8'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code)
      throw new ConfigError(`cannot read the keys passphrase file ${file}: ${(err as Error).message}`);
    throw err;
  }
}
