import { isIP } from 'node:net';
import type { Certificate, Credentials, Token } from '@paddock/proto/keys/v1/keys.ts';
import { invalidArgument } from '@paddock/runtime';
import type { Issued } from '../server/key-authority.ts';
import type { CertRow, TokenRow } from '../store/key-store.ts';

export const toToken = (t: TokenRow): Token => ({
  id: t.id,
  node: t.node,
  addresses: t.addresses,
  createdAtUnixMs: BigInt(t.createdAt),
  expiresAtUnixMs: BigInt(t.expiresAt),
  state: t.state,
  usedAtUnixMs: BigInt(t.usedAt ?? 0),
  outcome: t.outcome,
});

export const toCertificate = (c: CertRow): Certificate => ({
  serial: c.serial,
  kind: c.kind,
  role: c.role,
  subject: c.subject,
  principals: c.principals,
  notBeforeUnixMs: BigInt(c.notBefore),
  notAfterUnixMs: BigInt(c.notAfter),
  issuedAtUnixMs: BigInt(c.issuedAt),
  revokedAtUnixMs: BigInt(c.revokedAt ?? 0),
  revokeReason: c.revokeReason,
});

export const toCredentials = (i: Issued): Credentials => ({
  node: i.node,
  identityPem: i.identityPem,
  serial: i.identitySerial,
  notAfterUnixMs: BigInt(i.notAfter),
  caBundlePem: i.caBundlePem,
  sshHostCertificate: i.sshHostCert,
  sshUserCaKey: i.sshUserCaKey,
  sshHostCaKey: i.sshHostCaKey,
});

const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** A node (or admin) name: a lower-case DNS name, since it goes in certificates as one. */
export function checkName(name: string, what = 'node'): string {
  if (name.length > 253 || !NAME.test(name))
    throw invalidArgument(
      `${what} name ${JSON.stringify(name.slice(0, 80))} must be a lower-case DNS name (a-z, 0-9, -, .)`,
    );
  return name;
}

export function checkAddresses(addresses: string[]): string[] {
  for (const a of addresses)
    if (!isIP(a) && !NAME.test(a))
      throw invalidArgument(`address ${JSON.stringify(a.slice(0, 80))} is neither an IP address nor a DNS name`);
  return addresses;
}
