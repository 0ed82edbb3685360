import type { X509Certificate } from 'node:crypto';
import type { AuthVerdict } from '@paddock/runtime';
import { ROLE_ORG } from '../authority/x509-issue.ts';

/**
 * Who the holder of a cluster-CA certificate is (`cert:<admin>` or `node:<name>`), or why it is
 * refused: the same judgement where the keys service runs and in a service joined to it.
 */
export function judgeClients(isRevoked: (cert: X509Certificate) => boolean) {
  return (cert: X509Certificate): AuthVerdict => {
    if (isRevoked(cert))
      return { ok: false, reason: `client certificate ${cert.serialNumber.toLowerCase()} was revoked` };
    const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1] ?? '';
    const role = cert.subject.includes(`O=${ROLE_ORG.admin}`) ? 'cert' : 'node';
    return { ok: true, principal: `${role}:${cn}` };
  };
}
