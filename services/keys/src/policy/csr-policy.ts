import type { CsrFacts } from '../codec/csr.ts';
import type { Parsed } from '../codec/ssh-pubkey.ts';
import type { Settings } from '../config/settings.ts';
import { type Refusal, refuse } from './refusal.ts';

const CURVES = new Set(['prime256v1', 'secp384r1']);

/** Whether a parsed request may be certified for `name`; undefined when it may. */
export function checkCsr(csr: Parsed<CsrFacts>, name: string, settings: Settings): Refusal | undefined {
  if (!csr.ok) return refuse('csr-malformed', csr.reason);
  const f = csr.value;
  if (f.commonNames.length !== 1 || f.commonNames[0] !== name)
    return refuse(
      'csr-subject',
      `certificate request names ${f.commonNames.length ? f.commonNames.map((n) => JSON.stringify(n.slice(0, 64))).join(', ') : 'no CN'}, but this credential is for ${JSON.stringify(name)}: the subject must be CN=${name}`,
    );
  const key = checkKey(f, settings);
  if (key) return key;
  if (!f.signatureValid)
    return refuse(
      'csr-signature',
      'certificate request signature does not verify: it was altered or not signed by its key',
    );
  return undefined;
}

/** Key checks come first: a key of the wrong kind is the clearer answer than its signature. */
function checkKey(f: CsrFacts, settings: Settings): Refusal | undefined {
  if (f.keyType === 'ec') {
    if (!CURVES.has(f.curve ?? ''))
      return refuse('csr-key-weak', `EC key on curve ${f.curve ?? 'unknown'} is not accepted: use P-256 or P-384`);
    return undefined;
  }
  if (f.keyType === 'rsa') {
    if ((f.modulusBits ?? 0) < settings.minRsaBits)
      return refuse(
        'csr-key-weak',
        `RSA key of ${f.modulusBits} bits is too weak: use at least ${settings.minRsaBits} bits, or ECDSA P-256`,
      );
    return undefined;
  }
  return refuse('csr-key-type', `${f.keyType} keys are not accepted in certificate requests: use ECDSA P-256`);
}
