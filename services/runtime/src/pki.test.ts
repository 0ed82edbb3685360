import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensurePki } from './pki.ts';

describe('ensurePki', () => {
  it('creates a CA, a server certificate with the given SANs, an admin certificate and token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdk-pki-'));
    const pki = await ensurePki(dir, ['localhost', '127.0.0.1', 'lab1.example']);
    const server = new X509Certificate(pki.serverCertPem);
    expect(server.verify(pki.ca.publicKey)).toBe(true);
    expect(server.subjectAltName).toContain('DNS:lab1.example');
    expect(server.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(server.checkHost('lab1.example')).toBe('lab1.example');
    const admin = new X509Certificate(pki.adminCertPem!);
    expect(admin.verify(pki.ca.publicKey)).toBe(true);
    expect(admin.subject).toContain('CN=admin');
    expect(pki.adminToken).toMatch(/^pdk_[A-Za-z0-9_-]{43}$/);
    expect(statSync(pki.paths.caKey).mode & 0o777).toBe(0o600);
    expect(statSync(pki.paths.adminToken).mode & 0o777).toBe(0o600);
  });

  it('keeps the CA and token across starts and re-issues the server certificate only when names change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdk-pki-'));
    const first = await ensurePki(dir, ['localhost', '127.0.0.1']);
    const again = await ensurePki(dir, ['127.0.0.1', 'localhost']);
    expect(again.serverCertPem).toBe(first.serverCertPem);
    const moved = await ensurePki(dir, ['localhost', '127.0.0.1', '10.77.0.1']);
    expect(moved.serverCertPem).not.toBe(first.serverCertPem);
    expect(new X509Certificate(moved.serverCertPem).subjectAltName).toContain('IP Address:10.77.0.1');
    expect(moved.caPem).toBe(first.caPem);
    expect(moved.adminToken).toBe(first.adminToken);
    expect(readFileSync(moved.paths.adminToken, 'utf8').trim()).toBe(first.adminToken);
  });
});
