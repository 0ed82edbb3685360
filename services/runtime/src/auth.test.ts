import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from './auth.ts';
import { ensurePki } from './pki.ts';

describe('authenticator', async () => {
  const pki = await ensurePki(mkdtempSync(join(tmpdir(), 'pdk-auth-')), ['localhost']);
  const other = await ensurePki(mkdtempSync(join(tmpdir(), 'pdk-auth-')), ['localhost']);
  const auth = createAuthenticator({ adminToken: pki.adminToken, ca: pki.ca });
  const cert = (pem: string) => ({ raw: Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64') }) as never;

  it('accepts the admin token and the admin certificate', () => {
    expect(auth.authenticate({ authorization: `Bearer ${pki.adminToken}` })).toEqual({ ok: true, principal: 'admin' });
    expect(auth.authenticate({ peerCertificate: cert(pki.adminCertPem!) })).toEqual({
      ok: true,
      principal: 'cert:admin',
    });
  });

  it('refuses missing, malformed and wrong credentials with a reason', () => {
    expect(auth.authenticate({})).toMatchObject({ ok: false, reason: expect.stringMatching(/missing credential/) });
    expect(auth.authenticate({ authorization: pki.adminToken })).toMatchObject({
      reason: expect.stringMatching(/malformed/),
    });
    expect(auth.authenticate({ authorization: `Bearer ${other.adminToken}` })).toMatchObject({
      reason: 'invalid token',
    });
    expect(auth.authenticate({ authorization: 'Bearer x' })).toMatchObject({ ok: false });
  });

  it('refuses a certificate from another CA and a server certificate', () => {
    expect(auth.authenticate({ peerCertificate: cert(other.adminCertPem!) }).ok).toBe(false);
    expect(auth.authenticate({ peerCertificate: cert(pki.serverCertPem) }).ok).toBe(false);
  });
});
