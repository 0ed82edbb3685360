import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ed25519Raw } from '../authority/authorities.ts';
import { issueSsh } from '../authority/ssh-issue.ts';
import { decodeCertificate, encodeCertificate, HOST_CERT, USER_CERT } from './ssh-cert.ts';
import { formatSshPublicKey, parseSshPublicKey } from './ssh-pubkey.ts';

const dir = mkdtempSync(join(tmpdir(), 'paddock-sshcert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function newCa() {
  const pair = generateKeyPairSync('ed25519');
  const publicKey = ed25519Raw(pair.publicKey);
  return { publicKey, key: pair.privateKey, line: formatSshPublicKey(publicKey, 'ca') };
}

describe('OpenSSH certificates', () => {
  it('writes user certificates that ssh-keygen reads back field for field', () => {
    const ca = newCa();
    const user = ed25519Raw(generateKeyPairSync('ed25519').publicKey);
    const { line } = issueSsh(ca, {
      kind: 'user',
      key: user,
      serial: 77n,
      keyId: 'alice@paddock',
      principals: ['root', 'alice'],
      validAfter: new Date('2026-01-01T00:00:00Z'),
      validBefore: new Date('2026-01-02T00:00:00Z'),
    });
    writeFileSync(join(dir, 'u-cert.pub'), `${line}\n`);
    const shown = execFileSync('ssh-keygen', ['-L', '-f', join(dir, 'u-cert.pub')], { encoding: 'utf8' });
    expect(shown).toContain('Type: ssh-ed25519-cert-v01@openssh.com user certificate');
    expect(shown).toContain('Key ID: "alice@paddock"');
    expect(shown).toContain('Serial: 77');
    expect(shown).toMatch(/Principals:\s+root\s+alice/);
    expect(shown).toContain('permit-pty');
    expect(shown).toContain('Valid: from 2026-01-01T');
  });

  it('reads certificates ssh-keygen signed, and their signatures verify with the CA key', () => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'ca')]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host')]);
    execFileSync('ssh-keygen', [
      '-q',
      '-s',
      join(dir, 'ca'),
      '-h',
      '-I',
      'node-7',
      '-n',
      'node-7,10.0.0.7',
      '-z',
      '9',
      '-V',
      '+1h',
      join(dir, 'host.pub'),
    ]);
    const text = readFileSync(join(dir, 'host-cert.pub'), 'utf8');
    const blob = Buffer.from(text.split(' ')[1]!, 'base64');
    const decoded = decodeCertificate(blob);
    if (!decoded.ok) throw new Error(decoded.reason);
    const { cert, signed } = decoded.value;
    expect(cert.type).toBe(HOST_CERT);
    expect(cert.principals).toEqual(['node-7', '10.0.0.7']);
    expect(cert.serial).toBe(9n);
    const ca = parseSshPublicKey(readFileSync(join(dir, 'ca.pub'), 'utf8'));
    if (!ca.ok) throw new Error(ca.reason);
    expect(Buffer.from(cert.signatureKey)).toEqual(Buffer.from(ca.value.key));
    const caKey = {
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(ca.value.key).toString('base64url') },
      format: 'jwk',
    } as const;
    expect(verify(null, signed, caKey, cert.signature)).toBe(true);
    // Re-encoding gives back ssh-keygen's bytes exactly.
    expect(Buffer.from(encodeCertificate(cert))).toEqual(blob);
  });

  it('decodes what it encodes', () => {
    const ca = newCa();
    const issued = issueSsh(ca, {
      kind: 'host',
      key: new Uint8Array(32).fill(3),
      serial: 2n ** 63n + 5n,
      keyId: 'n',
      principals: ['n'],
      validAfter: new Date(0),
      validBefore: new Date(1e12),
    });
    const decoded = decodeCertificate(encodeCertificate(issued.cert));
    expect(decoded.ok && decoded.value.cert).toEqual(issued.cert);
    expect(decoded.ok && decoded.value.cert.type).toBe(HOST_CERT);
    expect(USER_CERT).toBe(1);
  });
});
