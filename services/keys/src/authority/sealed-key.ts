import { createPrivateKey, type KeyObject } from 'node:crypto';
import { PaddockError } from '@paddock/runtime';

/**
 * Private keys at rest: PKCS#8 encrypted with AES-256-CBC under the data dir's passphrase
 * (PBES2, the format `openssl pkey -passin` reads), so a copied data dir is no use without it.
 */
export function sealKey(key: KeyObject, passphrase: string): string {
  return key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
}

/** Opens a sealed key; a wrong passphrase is one clear error naming the file. */
export function unsealKey(pem: string, passphrase: string, file: string): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch {
    throw new PaddockError(
      'failedPrecondition',
      `cannot open ${file}: wrong passphrase for the keys data dir (or the file is damaged); nothing was changed`,
    );
  }
}

/** A passphrase given inline or as a key file; trailing newlines in the file are not part of it. */
export function passphraseFrom(text: string, what: string): string {
  const p = text.replace(/\r?\n$/, '');
  if (p.length < 12) throw new PaddockError('invalidArgument', `${what} is ${p.length} characters: use at least 12`);
  return p;
}
