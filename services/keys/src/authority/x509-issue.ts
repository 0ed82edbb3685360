import { randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import { bitString, explicit, implicit, octets, oid, seq, set, TRUE, time, uint, utf8 } from '../codec/der.ts';
import type { Authorities } from './authorities.ts';

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

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const EKU: Record<X509Role, string[]> = {
  node: [CLIENT_AUTH, SERVER_AUTH],
  admin: [CLIENT_AUTH],
  server: [SERVER_AUTH],
};
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
// digitalSignature (bit 0) and keyEncipherment (bit 2): 0b101 in the top bits, 5 bits unused.
const KEY_USAGE = bitString(Buffer.from([0xa0]), 5);

const extension = (id: string, value: Uint8Array, critical = false) =>
  seq(oid(id), ...(critical ? [TRUE] : []), octets(value));

/**
 * Signs a certificate with the cluster CA: RFC 5280 DER built here, signed by node:crypto
 * (ECDSA P-256, SHA-256). Nodes get client and server use (a node both calls Paddock and is
 * called by deployers); admins get client use only, Paddock's servers server use.
 */
export function issueX509(a: Authorities, req: X509Request): IssuedX509 {
  const serial = newSerial();
  // A server certificate carries exactly the names its clients use (compared at each start).
  const names = { node: [req.name, ...req.addresses], server: req.addresses, admin: [] }[req.role];
  const extensions = [
    extension('2.5.29.19', seq(), true),
    extension('2.5.29.15', KEY_USAGE, true),
    extension('2.5.29.37', seq(...EKU[req.role].map(oid))),
    extension('2.5.29.35', seq(implicit(0, a.cluster.keyId))),
  ];
  if (names.length > 0) extensions.push(extension('2.5.29.17', seq(...[...new Set(names)].map(generalName))));
  const tbs = seq(
    explicit(0, uint(Buffer.from([2]))),
    uint(Buffer.from(serial, 'hex')),
    ECDSA_SHA256,
    a.cluster.subjectDer,
    seq(time(req.notBefore), time(req.notAfter)),
    seq(set(seq(oid('2.5.4.3'), utf8(req.name))), set(seq(oid('2.5.4.10'), utf8(ROLE_ORG[req.role])))),
    Buffer.from(req.spki),
    explicit(3, seq(...extensions)),
  );
  const der = seq(tbs, ECDSA_SHA256, bitString(sign('sha256', tbs, a.cluster.key)));
  return { serial, pem: toPem(der) };
}

/** dNSName [2] or iPAddress [7] (RFC 5280 §4.2.1.6). */
function generalName(n: string): Buffer {
  const v = isIP(n);
  if (v === 4) return implicit(7, Buffer.from(n.split('.').map(Number)));
  if (v === 6) return implicit(7, ipv6Bytes(n));
  return implicit(2, Buffer.from(n, 'ascii'));
}

function ipv6Bytes(ip: string): Buffer {
  const [head = '', tail] = ip.split('::');
  const groups = (s: string) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.from(all.flatMap((g: string) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 255]));
}

function toPem(der: Buffer): string {
  const b64 = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd();
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** 128 random bits as lower-case hex, first byte 0x10-0x7f so the DER integer is positive and full length. */
export function newSerial(): string {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x6f) | 0x10;
  return b.toString('hex');
}
