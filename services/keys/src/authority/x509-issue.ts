import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { type Authorities, EC_ALG } from './authorities.ts';

export type X509Role = 'node' | 'admin' | 'server';

export interface X509Request {
  role: X509Role;
  /** The node's name, or the admin's. */
  name: string;
  /** DNS names and IP addresses for the SAN (nodes and servers). */
  addresses: string[];
  /** SubjectPublicKeyInfo, DER, from the checked request. */
  spki: Uint8Array;
  notBefore: Date;
  notAfter: Date;
}

export interface IssuedX509 {
  serial: string;
  pem: string;
}

/** The organisation a certificate's role is written as; the runtime reads it back. */
export const ROLE_ORG: Record<X509Role, string> = {
  node: 'paddock:nodes',
  admin: 'paddock:admins',
  server: 'paddock:servers',
};

const EKU: Record<X509Role, string[]> = {
  node: [x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth],
  admin: [x509.ExtendedKeyUsage.clientAuth],
  server: [x509.ExtendedKeyUsage.serverAuth],
};

/**
 * Signs a certificate with the cluster CA. Nodes get client and server use (a node both calls
 * Paddock and is called by deployers); admins get client use only, Paddock's servers server use.
 */
export async function issueX509(a: Authorities, req: X509Request): Promise<IssuedX509> {
  const serial = newSerial();
  const eku = EKU[req.role];
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension(eku),
    await x509.AuthorityKeyIdentifierExtension.create(a.cluster.cert, false),
  ];
  // A server certificate carries exactly the names its clients use (compared at each start).
  const names = { node: [req.name, ...req.addresses], server: req.addresses, admin: [] }[req.role];
  if (names.length > 0)
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        [...new Set(names)].map((n) => ({ type: isIP(n) ? ('ip' as const) : ('dns' as const), value: n })),
      ),
    );
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: new x509.Name([{ CN: [req.name] }, { O: [ROLE_ORG[req.role]] }]).toString(),
    issuer: a.cluster.cert.subject,
    publicKey: new x509.PublicKey(Buffer.from(req.spki)),
    signingKey: a.cluster.key,
    signingAlgorithm: EC_ALG,
    notBefore: req.notBefore,
    notAfter: req.notAfter,
    extensions,
  });
  return { serial, pem: cert.toString('pem') };
}

/** 128 random bits as lower-case hex, first byte 0x10-0x7f so the DER integer is positive and full length. */
export function newSerial(): string {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x6f) | 0x10;
  return b.toString('hex');
}
