import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolvePassphrase } from '../config/passphrase.ts';
import { openAuthorities } from './authorities.ts';

const dir = mkdtempSync(join(tmpdir(), 'paddock-authorities-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the authorities at rest', () => {
  it('keeps every private key encrypted (openssl opens it with the passphrase only), 0600, beside a made-once 0600 passphrase', async () => {
    const passphrase = resolvePassphrase({ dataDir: dir });
    expect(statSync(join(dir, 'keys.passphrase')).mode & 0o777).toBe(0o600);
    expect(resolvePassphrase({ dataDir: dir })).toBe(passphrase);
    const keys = join(dir, 'keys');
    await openAuthorities(keys, passphrase);
    for (const name of ['cluster-ca.key', 'ssh-host-ca.key', 'ssh-user-ca.key']) {
      const file = join(keys, name);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
      const open = (pass: string) =>
        execFileSync('openssl', ['pkey', '-in', file, '-passin', `pass:${pass}`, '-noout', '-text_pub'], {
          stdio: ['ignore', 'pipe', 'pipe'],
          encoding: 'utf8',
        });
      expect(open(passphrase)).toMatch(name.startsWith('cluster') ? /ASN1 OID: prime256v1/ : /ED25519 Public-Key/);
      expect(() => open('not it')).toThrow();
    }
    const ca = execFileSync('openssl', ['x509', '-in', join(keys, 'cluster-ca.crt'), '-noout', '-text'], {
      encoding: 'utf8',
    });
    expect(ca).toMatch(/CA:TRUE/);
    expect(ca).toMatch(/ecdsa-with-SHA256/);
  });
});
