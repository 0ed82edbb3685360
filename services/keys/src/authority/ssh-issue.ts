import { randomBytes, sign } from 'node:crypto';
import {
  encodeToBeSigned,
  formatCertificate,
  HOST_CERT,
  type SignedSshCertificate,
  USER_CERT,
} from '../codec/ssh-cert.ts';
import type { SshCa } from './authorities.ts';

export interface SshRequest {
  kind: 'host' | 'user';
  /** The Ed25519 public key to certify. */
  key: Uint8Array;
  serial: bigint;
  keyId: string;
  principals: string[];
  validAfter: Date;
  validBefore: Date;
}

/** The usual interactive permissions OpenSSH grants a user certificate (ssh-keygen's defaults). */
const USER_EXTENSIONS: Array<[string, Uint8Array]> = [
  'permit-X11-forwarding',
  'permit-agent-forwarding',
  'permit-port-forwarding',
  'permit-pty',
  'permit-user-rc',
].map((n) => [n, new Uint8Array(0)]);

export interface IssuedSsh {
  cert: SignedSshCertificate;
  /** The "ssh-ed25519-cert-v01@openssh.com AAAA... key-id" line for a -cert.pub file. */
  line: string;
}

/** Signs an OpenSSH certificate with the given CA (the host CA for hosts, the user CA for users). */
export function issueSsh(ca: SshCa, req: SshRequest): IssuedSsh {
  const body = {
    nonce: Uint8Array.from(randomBytes(32)),
    key: req.key,
    serial: req.serial,
    type: req.kind === 'host' ? HOST_CERT : USER_CERT,
    keyId: req.keyId,
    principals: req.principals,
    validAfter: BigInt(Math.floor(req.validAfter.getTime() / 1000)),
    validBefore: BigInt(Math.floor(req.validBefore.getTime() / 1000)),
    criticalOptions: [],
    extensions: req.kind === 'user' ? USER_EXTENSIONS : [],
    signatureKey: ca.publicKey,
  } as const;
  const cert: SignedSshCertificate = {
    ...body,
    criticalOptions: [],
    extensions: [...body.extensions],
    signature: Uint8Array.from(
      sign(null, encodeToBeSigned({ ...body, criticalOptions: [], extensions: [...body.extensions] }), ca.key),
    ),
  };
  return { cert, line: formatCertificate(cert, req.keyId) };
}
