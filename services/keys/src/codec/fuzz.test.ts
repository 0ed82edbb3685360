import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mutated } from '@paddock/testkit/fuzz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ed25519Raw } from '../authority/authorities.ts';
import { issueSsh } from '../authority/ssh-issue.ts';
import { makeRequest } from '../client/node-request.ts';
import { parseCsr } from './csr.ts';
import { decodeCertificate, encodeCertificate } from './ssh-cert.ts';
import { formatSshPublicKey, parseSshPublicKey } from './ssh-pubkey.ts';
import { formatToken, parseToken } from './token-code.ts';

const ca = (() => {
  const pair = generateKeyPairSync('ed25519');
  const publicKey = ed25519Raw(pair.publicKey);
  return { publicKey, key: pair.privateKey, line: formatSshPublicKey(publicKey) };
})();
const validCert = encodeCertificate(
  issueSsh(ca, {
    kind: 'host',
    key: new Uint8Array(32).fill(7),
    serial: 1n,
    keyId: 'n',
    principals: ['n', '10.0.0.1'],
    validAfter: new Date(0),
    validBefore: new Date(1e12),
  }).cert,
);
describe('fuzzing the parsers: never a throw, only a verdict', () => {
  it('token text: every made token parses; any other text is refused with a reason', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 13, maxLength: 13 }), (b) => parseToken(formatToken(b)).ok));
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = parseToken(s);
        return r.ok || r.reason.length > 0;
      }),
    );
    // Any single-character change to a token is caught offline.
    const token = formatToken(randomBytes(13));
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: token.length - 1 }),
        fc.constantFrom(...'0123456789ABCDEFGHJKMNPQRSTVWXYZ'),
        (i, c) => {
          const typo = token.slice(0, i) + c + token.slice(i + 1);
          return typo === token || !parseToken(typo).ok;
        },
      ),
    );
  });

  it('OpenSSH certificates: damaged blobs decode to a reason or to a certificate that round-trips', () => {
    fc.assert(
      fc.property(mutated(validCert), (bytes) => {
        const r = decodeCertificate(bytes);
        if (!r.ok) return r.reason.startsWith('SSH certificate');
        // Text fields are read as UTF-8, so a damaged byte may read back as U+FFFD: what was
        // decoded must survive its own round trip.
        const again = decodeCertificate(encodeCertificate(r.value.cert));
        expect(again.ok && again.value.cert).toEqual(r.value.cert);
        return true;
      }),
      { numRuns: 5000 },
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (b) => decodeCertificate(b).ok === false));
  });

  it('SSH public key lines: arbitrary text is refused with a reason', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => parseSshPublicKey(s).ok === false));
  });

  it('certificate requests: damaged DER and PEM give a reason or facts, never a throw', async () => {
    const { csrPem } = await makeRequest('fuzz-node');
    const der = Buffer.from(csrPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    await fc.assert(
      fc.asyncProperty(mutated(der), async (bytes) => {
        const r = await parseCsr(bytes);
        if (r.ok) expect(typeof r.value.signatureValid).toBe('boolean');
        else expect(r.reason).toMatch(/certificate request/);
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 500 }), async (s) => {
        const r = await parseCsr(s);
        return !r.ok;
      }),
      { numRuns: 300 },
    );
  });
});
