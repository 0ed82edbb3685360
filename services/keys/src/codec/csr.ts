import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { children, DerError, type Element, expect, read, readOid, TAG } from './der.ts';
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

/**
 * Parses a PEM (or DER) certificate request and checks its self-signature with node:crypto.
 * Never throws. Async as callers await it.
 */
export async function parseCsr(input: string | Uint8Array): Promise<Parsed<CsrFacts>> {
  if (input.length > MAX_CSR_BYTES)
    return { ok: false, reason: `certificate request is ${input.length} bytes, over the ${MAX_CSR_BYTES} limit` };
  let der: Uint8Array;
  if (typeof input === 'string') {
    const m = PEM.exec(input.trim());
    if (!m) return { ok: false, reason: 'certificate request is not PEM ("-----BEGIN CERTIFICATE REQUEST-----")' };
    der = Buffer.from(m[2]!.replace(/\s/g, ''), 'base64');
  } else der = input;
  try {
    return readCsr(Buffer.from(der));
  } catch (err) {
    return { ok: false, reason: `certificate request does not parse: ${short(err)}` };
  }
}

/** PKCS#10 (RFC 2986 §4): the request info, the algorithm, and the signature over the info. */
function readCsr(der: Buffer): Parsed<CsrFacts> {
  const top = read(der, 0);
  if (top.end !== der.length) throw new DerError('bytes after the request');
  const [info, alg, sig] = children(der, expect(top, TAG.seq, 'request'));
  const [version, subject, spkiEl] = children(der, expect(info, TAG.seq, 'request info'));
  expect(version, TAG.int, 'version');
  const algOid = readOid(der, expect(children(der, expect(alg, TAG.seq, 'algorithm'))[0], TAG.oid, 'algorithm'));
  const sigBits = expect(sig, TAG.bitString, 'signature');
  const spki = der.subarray(expect(spkiEl, TAG.seq, 'public key').start, spkiEl!.end);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch (err) {
    return { ok: false, reason: `certificate request has an unreadable key or subject: ${short(err)}` };
  }
  const details = key.asymmetricKeyDetails ?? {};
  const hash = SIGNATURE_HASH.get(algOid);
  let signatureValid = false;
  if (hash !== undefined && der[sigBits.valueStart] === 0) {
    try {
      const signed = der.subarray(info!.start, info!.end);
      signatureValid = verify(hash, signed, key, der.subarray(sigBits.valueStart + 1, sigBits.end));
    } catch {
      signatureValid = false;
    }
  }
  const facts: CsrFacts = {
    commonNames: commonNames(der, expect(subject, TAG.seq, 'subject')),
    keyType: key.asymmetricKeyType ?? 'unknown',
    spki: Uint8Array.from(spki),
    signatureValid,
  };
  if (details.namedCurve) facts.curve = details.namedCurve;
  if (details.modulusLength) facts.modulusBits = details.modulusLength;
  return { ok: true, value: facts };
}

/** Signature algorithms a request may use, and the hash node:crypto verifies with (null: Ed25519). */
const SIGNATURE_HASH = new Map<string, string | null>([
  ['1.2.840.10045.4.3.2', 'sha256'],
  ['1.2.840.10045.4.3.3', 'sha384'],
  ['1.2.840.10045.4.3.4', 'sha512'],
  ['1.2.840.113549.1.1.11', 'sha256'],
  ['1.2.840.113549.1.1.12', 'sha384'],
  ['1.2.840.113549.1.1.13', 'sha512'],
  ['1.3.101.112', null],
]);

/** The subject's CN values, in order (RFC 5280 names: a SEQUENCE of SETs of type and value). */
function commonNames(der: Buffer, subject: Element): string[] {
  const out: string[] = [];
  for (const rdn of children(der, subject))
    for (const atv of children(der, expect(rdn, TAG.set, 'name part'))) {
      const [type, value] = children(der, expect(atv, TAG.seq, 'name attribute'));
      if (readOid(der, expect(type, TAG.oid, 'name type')) !== '2.5.4.3' || !value) continue;
      const bytes = der.subarray(value.valueStart, value.end);
      out.push(value.tag === TAG.bmp ? Buffer.from(bytes).swap16().toString('utf16le') : bytes.toString('utf8'));
    }
  return out;
}

const short = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 200);
