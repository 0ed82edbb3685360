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

/**
 * Another authority whose client certificates this server accepts (the keys service's cluster
 * CA). `judge` sees only certificates that CA signed and that are within their validity, and
 * says who the holder is or why it is refused (revoked, say); it is asked on every call, so a
 * revocation takes effect at once.
 */
export interface ClientTrust {
  ca: X509Certificate;
  judge(cert: X509Certificate): AuthVerdict;
}

export function createAuthenticator(opts: {
  adminToken: string;
  ca: X509Certificate;
  trusts?: () => readonly ClientTrust[];
}): Authenticator {
  const token = Buffer.from(opts.adminToken);
  return {
    authenticate({ authorization, peerCertificate }) {
      // A trusted authority judges its certificates first, so that when it is also this server's
      // own CA (the keys service issued our certificates) its revocations and roles still hold.
      const trusted =
        peerCertificate?.raw && opts.trusts ? judgeByTrusts(peerCertificate.raw, opts.trusts()) : undefined;
      if (trusted) return trusted;
      const cert = peerCertificate?.raw ? verifyClientCertificate(peerCertificate.raw, opts.ca) : undefined;
      if (cert) return { ok: true, principal: cert };
      if (!authorization) {
        return {
          ok: false,
          // gRPC shows a call only certificates that verify (an expired one does not), so
          // say that here: HTTPS requests get the precise reason from judgeByTrusts.
          reason:
            'missing credential: send "authorization: Bearer <token>" or a client certificate (one that is expired, not yet valid or from an unknown CA does not count)',
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

/** The verdict of the trust whose CA signed this certificate; undefined when none did. */
function judgeByTrusts(raw: Buffer, trusts: readonly ClientTrust[]): AuthVerdict | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(raw);
  } catch {
    return undefined;
  }
  for (const t of trusts) {
    if (!cert.checkIssued(t.ca) || !cert.verify(t.ca.publicKey)) continue;
    const now = Date.now();
    if (Date.parse(cert.validFrom) > now)
      return { ok: false, reason: `client certificate is not valid until ${cert.validFrom}` };
    if (Date.parse(cert.validTo) < now) return { ok: false, reason: `client certificate expired at ${cert.validTo}` };
    return t.judge(cert);
  }
  return undefined;
}
