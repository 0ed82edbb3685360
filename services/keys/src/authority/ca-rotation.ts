import { createHash, createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER_CA, openAuthorities, write } from './authorities.ts';
import { caCertificate, makeClusterCa, mayCrossSign, pemBlocks } from './cluster-ca.ts';
import { sealKey } from './sealed-key.ts';

/**
 * Puts a new cluster CA in place of the current one, in the keys dir, for the next start of
 * the server: the new CA signs from then on; the old one stays in the bundle every client is
 * given (so the certificates it issued keep working until they expire), and a
 * cross-certificate (the new CA signed by the old key) is sent after each new certificate, so
 * a client that still holds only the old bundle verifies them too. The old key is kept sealed
 * beside the others as `cluster-ca-<serial>.key`; nothing signs with it again.
 */
export async function rotateClusterCa(
  dir: string,
  passphrase: string,
): Promise<{ old: string; current: string; crossSigned: boolean }> {
  // Opening checks the passphrase before anything is written.
  const a = await openAuthorities(dir, passphrase);
  const old = a.cluster;
  const siteId = readFileSync(join(dir, 'site-id'), 'utf8').trim();
  const stamp = new Date().toISOString().replace(/[-:]|\.\d+/g, '');
  // Two rotations within a second still get distinct names (chains are built by name).
  const name = `CN=Paddock cluster CA ${siteId} ${stamp} ${randomBytes(2).toString('hex')}`;
  const fresh = await makeClusterCa(name);
  // A CA limited to path length 0 cannot vouch for another CA: no cross-certificate then, and
  // clients need the new bundle (renewal gives it) before the new CA signs what they check.
  const crossSigned = mayCrossSign(old.cert);
  const cross = crossSigned
    ? `${(
        await caCertificate(
          name,
          createPublicKey(fresh.key),
          { name: old.cert.subject, key: old.key, keyId: old.keyId.toString('hex') },
          old.cert.notAfter,
        )
      )
        .toString('pem')
        .trim()}\n`
    : '';
  const file = (n: string) => join(dir, n);
  const text = (n: string) => (existsSync(file(n)) ? readFileSync(file(n), 'utf8') : '');
  write(file(`cluster-ca-${old.cert.serialNumber}.key`), text(CLUSTER_CA.key));
  write(file(CLUSTER_CA.previous), [old.pem, ...old.previous].map((p) => `${p.trim()}\n`).join(''));
  write(file(CLUSTER_CA.cross), `${cross}${old.chainPem}`);
  write(file(CLUSTER_CA.key), sealKey(fresh.key, passphrase));
  write(file(CLUSTER_CA.cert), `${fresh.cert.toString('pem').trim()}\n`);
  return { old: old.pem, current: fresh.cert.toString('pem'), crossSigned };
}

export interface CaListing {
  subject: string;
  serial: string;
  sha256: string;
  notAfter: string;
  /** The CA that signs now (the first of the bundle); the others are only trusted. */
  signing: boolean;
}

/** The CAs of a bundle as `paddock keys ca list` shows them, the signing one first. */
export function listCas(bundlePem: string): CaListing[] {
  return pemBlocks(bundlePem).map((pem, i) => {
    const c = new X509Certificate(pem);
    return {
      subject: c.subject.replace(/\n/g, ', '),
      serial: c.serialNumber.toLowerCase(),
      sha256: createHash('sha256').update(c.raw).digest('hex'),
      notAfter: new Date(c.validTo).toISOString(),
      signing: i === 0,
    };
  });
}
