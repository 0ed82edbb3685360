import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Shell } from './apply.ts';

/**
 * The node's WireGuard key pair: the private key is made here (wg genkey) on first start and
 * kept 0600 in its file; only the public key is ever sent anywhere.
 */
export async function ensureNodeKey(file: string, shell: Shell): Promise<string> {
  if (!existsSync(file)) {
    const priv = await shell.exec(['wg', 'genkey']);
    if (!priv) throw new Error('wg genkey failed: is wireguard-tools installed?');
    writeFileSync(file, priv, { mode: 0o600, flag: 'wx' });
  }
  const pub = await shell.exec(['sh', '-c', 'wg pubkey < "$0"', file]);
  if (!pub?.trim()) throw new Error(`${file} does not hold a WireGuard private key`);
  return pub.trim();
}

/** The node's name: the CN of its identity certificate. */
export function nodeNameOf(certFile: string): string {
  const subject = new X509Certificate(readFileSync(certFile)).subject;
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(subject)?.[1];
  if (!cn) throw new Error('the identity certificate has no CN');
  return cn;
}
