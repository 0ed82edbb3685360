import { isIP } from 'node:net';
import type { CsrFacts } from '../codec/csr.ts';
import type { Parsed, SshPublicKey } from '../codec/ssh-pubkey.ts';
import type { Settings } from '../config/settings.ts';
import type { TakeResult } from '../store/key-store.ts';
import { checkCsr } from './csr-policy.ts';
import { type Refusal, refuse } from './refusal.ts';

export interface Validity {
  notBefore: number;
  notAfter: number;
}

export interface IssueVerdict {
  kind: 'issue';
  node: string;
  addresses: string[];
  spki: Uint8Array;
  sshHostKey: Uint8Array | undefined;
  x509: Validity;
  sshHost: Validity;
}

/**
 * The enrolment decision, pure: given what taking the token gave, the parsed request and SSH
 * key, the address the request came from and the time, either what to issue or why not. The
 * token is already dead by now. A token that names no addresses (a machine Paddock boots gets
 * one: its lease may change at every boot) certifies the address the node enrolled from, so
 * SSH and TLS clients can check the node at the address they reach it by.
 */
export function decideEnrolment(
  take: TakeResult,
  csr: Parsed<CsrFacts>,
  sshKey: Parsed<SshPublicKey> | undefined,
  now: number,
  settings: Settings,
  peer = '',
): IssueVerdict | Refusal {
  if (take.kind === 'unknown') return refuse('token-unknown', 'bootstrap token is not known here');
  if (take.kind === 'used')
    return refuse('token-used', `bootstrap token for ${take.token.node} was already used: ask for a new one`);
  if (take.kind === 'revoked') return refuse('token-revoked', `bootstrap token for ${take.token.node} was revoked`);
  if (take.kind === 'expired')
    return refuse(
      'token-expired',
      `bootstrap token for ${take.token.node} expired at ${new Date(take.token.expiresAt).toISOString()}`,
    );
  const { node } = take.token;
  const addresses = take.token.addresses.length > 0 ? take.token.addresses : isIP(peer) ? [peer] : [];
  return decideIssue(node, addresses, csr, sshKey, now, settings);
}

/** What to issue to a node whose right to a certificate is settled (token or current identity). */
export function decideIssue(
  node: string,
  addresses: string[],
  csr: Parsed<CsrFacts>,
  sshKey: Parsed<SshPublicKey> | undefined,
  now: number,
  settings: Settings,
): IssueVerdict | Refusal {
  const bad = checkCsr(csr, node, settings);
  if (bad) return bad;
  if (sshKey && !sshKey.ok) return refuse('ssh-key', sshKey.reason);
  const from = now - settings.backdate * 1000;
  return {
    kind: 'issue',
    node,
    addresses,
    spki: (csr as { value: CsrFacts }).value.spki,
    sshHostKey: sshKey?.ok ? sshKey.value.key : undefined,
    x509: { notBefore: from, notAfter: now + settings.nodeCertTtl * 1000 },
    sshHost: { notBefore: from, notAfter: now + settings.hostCertTtl * 1000 },
  };
}
