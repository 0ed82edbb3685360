import { timingSafeEqual, X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';

/**
 * Who may call: the holder of the admin bearer token, or of a client certificate issued by
 * this server's CA. Every RPC and every console data request goes through `authenticate`.
 */
export interface Authenticator {
  /** The verdict for a request's credentials; `reason` says what was wrong, for the caller. */
  authenticate(credentials: {
    authorization?: string | undefined;
    peerCertificate?: PeerCertificate | undefined;
  }): AuthVerdict;
}

export type AuthVerdict = { ok: true; principal: string } | { ok: false; reason: string };

export function createAuthenticator(opts: { adminToken: string; ca: X509Certificate }): Authenticator {
  const token = Buffer.from(opts.adminToken);
  return {
    authenticate({ authorization, peerCertificate }) {
      const cert = peerCertificate?.raw ? verifyClientCertificate(peerCertificate.raw, opts.ca) : undefined;
      if (cert) return { ok: true, principal: cert };
      if (!authorization) {
        return {
          ok: false,
          reason: 'missing credential: send "authorization: Bearer <token>" or a client certificate',
        };
      }
      const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!m) return { ok: false, reason: 'malformed authorization header: expected "Bearer <token>"' };
      const given = Buffer.from(m[1]!);
      if (given.length === token.length && timingSafeEqual(given, token)) return { ok: true, principal: 'admin' };
      return { ok: false, reason: 'invalid token' };
    },
  };
}

/** The client's CN when the certificate was signed by our CA and is valid now; else undefined. */
function verifyClientCertificate(raw: Buffer, ca: X509Certificate): string | undefined {
  try {
    const cert = new X509Certificate(raw);
    const now = Date.now();
    if (!cert.verify(ca.publicKey) || !cert.checkIssued(ca)) return undefined;
    if (Date.parse(cert.validFrom) > now || Date.parse(cert.validTo) < now) return undefined;
    if (cert.keyUsage && !cert.keyUsage.includes('1.3.6.1.5.5.7.3.2')) return undefined;
    const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
    return cn ? `cert:${cn}` : undefined;
  } catch {
    return undefined;
  }
}
