import { createPublicKey } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { Parsed } from './ssh-pubkey.ts';

/** What Paddock needs to know about a PKCS#10 request; policy decides whether it is acceptable. */
export interface CsrFacts {
  /** The subject's common names (a request should have exactly one). */
  commonNames: string[];
  /** "ec", "rsa", "ed25519", ... as node:crypto names them. */
  keyType: string;
  /** The curve for EC keys ("prime256v1"), the modulus size for RSA. */
  curve?: string;
  modulusBits?: number;
  /** SubjectPublicKeyInfo, DER: what the issued certificate certifies. */
  spki: Uint8Array;
  /** The request's self-signature checked out (proof the requester holds the private key). */
  signatureValid: boolean;
}

/** Requests larger than this are refused before parsing; a real one is well under 2 KiB. */
export const MAX_CSR_BYTES = 8 * 1024;
const PEM =
  /^-----BEGIN (NEW )?CERTIFICATE REQUEST-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END (NEW )?CERTIFICATE REQUEST-----\s*$/;

/** Parses a PEM (or DER) certificate request and checks its self-signature. Never throws. */
export async function parseCsr(input: string | Uint8Array): Promise<Parsed<CsrFacts>> {
  if (input.length > MAX_CSR_BYTES)
    return { ok: false, reason: `certificate request is ${input.length} bytes, over the ${MAX_CSR_BYTES} limit` };
  let der: Uint8Array;
  if (typeof input === 'string') {
    const m = PEM.exec(input.trim());
    if (!m) return { ok: false, reason: 'certificate request is not PEM ("-----BEGIN CERTIFICATE REQUEST-----")' };
    der = Buffer.from(m[2]!.replace(/\s/g, ''), 'base64');
  } else der = input;
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(Buffer.from(der));
  } catch (err) {
    return { ok: false, reason: `certificate request does not parse: ${short(err)}` };
  }
  try {
    const spki = new Uint8Array(csr.publicKey.rawData);
    const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    const details = key.asymmetricKeyDetails ?? {};
    const signatureValid = await csr.verify().catch(() => false);
    const facts: CsrFacts = {
      commonNames: csr.subjectName.getField('CN'),
      keyType: key.asymmetricKeyType ?? 'unknown',
      spki,
      signatureValid,
    };
    if (details.namedCurve) facts.curve = details.namedCurve;
    if (details.modulusLength) facts.modulusBits = details.modulusLength;
    return { ok: true, value: facts };
  } catch (err) {
    return { ok: false, reason: `certificate request has an unreadable key or subject: ${short(err)}` };
  }
}

const short = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 200);
