import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAuthority } from '../server/testkit.ts';
import { issueX509 } from './x509-issue.ts';

let t: Awaited<ReturnType<typeof testAuthority>>;
beforeAll(async () => {
  t = await testAuthority();
});
afterAll(() => t?.cleanup());

describe('issueX509: DER built here, signed by node:crypto', () => {
  it('writes certificates openssl verifies, with names, addresses, roles and both time forms', () => {
    const spki = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });
    const { pem, serial } = issueX509(t.authorities, {
      role: 'node',
      name: 'n1.lab',
      addresses: ['10.1.2.3', 'fd00::1:2', 'n1.lab'],
      spki,
      notBefore: new Date('2026-01-01T00:00:00Z'),
      // Past 2049: GeneralizedTime (RFC 5280 §4.1.2.5).
      notAfter: new Date('2051-06-01T12:00:00Z'),
    });
    const cert = new X509Certificate(pem);
    expect(cert.serialNumber.toLowerCase()).toBe(serial);
    expect(cert.subject).toBe('CN=n1.lab\nO=paddock:nodes');
    expect(cert.subjectAltName).toBe('DNS:n1.lab, IP Address:10.1.2.3, IP Address:FD00:0:0:0:0:0:1:2');
    expect(cert.checkIP('fd00::1:2')).toBe('fd00::1:2');
    expect(cert.validTo).toBe('Jun  1 12:00:00 2051 GMT');
    expect(cert.checkIssued(new X509Certificate(t.authorities.cluster.pem))).toBe(true);
    const file = join(t.dir, 'n1.crt');
    writeFileSync(file, pem);
    const text = execFileSync('openssl', ['x509', '-in', file, '-noout', '-text'], { encoding: 'utf8' });
    expect(text).toMatch(/TLS Web Client Authentication, TLS Web Server Authentication/);
    expect(text).toMatch(/Digital Signature, Key Encipherment/);
    expect(text).toMatch(/CA:FALSE/);
    const ca = join(t.dir, 'keys', 'cluster-ca.crt');
    // -attime inside the validity: the certificate starts in 2026.
    expect(
      execFileSync('openssl', ['verify', '-attime', '1800000000', '-CAfile', ca, file], { encoding: 'utf8' }),
    ).toMatch(/OK/);
  });
});
