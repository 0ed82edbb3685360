import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Credentials } from '@paddock/proto/keys/v1/keys.ts';

/** The files a node keeps, as the shell agent writes them too; the key alone is 0600. */
export function writeNodeFiles(dir: string, keyPem: string, c: Credentials): string[] {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files: Array<[string, string, number]> = [
    ['identity.key', keyPem, 0o600],
    ['identity.crt', c.identityPem, 0o644],
    ['ca.crt', c.caBundlePem, 0o644],
    ['ssh_host_ed25519_key-cert.pub', c.sshHostCertificate ? `${c.sshHostCertificate}\n` : '', 0o644],
    ['ssh_user_ca.pub', `${c.sshUserCaKey}\n`, 0o644],
    ['ssh_host_ca.pub', `${c.sshHostCaKey}\n`, 0o644],
  ];
  const written: string[] = [];
  for (const [name, text, mode] of files) {
    if (!text.trim()) continue;
    const file = join(dir, name);
    // Written aside, then renamed into place: a renewal never leaves half a certificate.
    writeFileSync(`${file}.tmp`, text, { mode });
    renameSync(`${file}.tmp`, file);
    written.push(file);
  }
  return written;
}
