import type { PeerCertificate } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { certHasName } from './connection.ts';

const cert = (subjectaltname?: string) => ({ subjectaltname }) as PeerCertificate;

describe('certHasName (the name check of a server reached by IP)', () => {
  it('accepts a certificate that carries the name among its DNS names', () => {
    expect(certHasName(cert('IP Address:127.0.0.1, DNS:localhost, DNS:vm'), 'localhost')).toBeUndefined();
  });

  it('refuses one without it, as tls does, also when the name is only a prefix, an IP entry or absent', () => {
    for (const san of ['DNS:localhost.evil, DNS:vm', 'IP Address:127.0.0.1', 'DNS:notlocalhost', undefined]) {
      const err = certHasName(cert(san), 'localhost');
      expect(err?.message).toMatch(/does not match certificate's altnames/);
      expect(err).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    }
  });
});
