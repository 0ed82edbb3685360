import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { type PkiSource, pkiPaths, readPki, sameNames } from '@paddock/runtime';
import type { Authorities } from './authorities.ts';
import { issueX509, type X509Role } from './x509-issue.ts';

const DAY = 86_400_000;
/** Lifetimes of the server's own certificates; re-issued at a start in the last third. */
const LIFETIME: Record<'server' | 'admin', number> = { server: 90 * DAY, admin: 30 * DAY };

/**
 * The server's PKI issued by the cluster CA (`paddock up`, `paddock keys serve`): the same
 * files as a self-made PKI in `<data-dir>/pki` (so the CLI and the console find them as
 * before), but `ca.crt` is the cluster CA bundle and no CA key lies there: it stays sealed in
 * `<data-dir>/keys`. A client that trusts the cluster CA trusts every Paddock server of the site.
 */
export function clusterPki(unlock: (dataDir: string) => Promise<Authorities>): PkiSource {
  return async (dataDir, names) => {
    const a = await unlock(dataDir);
    const paths = pkiPaths(dataDir);
    mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
    const caPem = bundlePem(a);
    const write = (file: string, text: string) => {
      writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    };
    // A CA key made by an earlier self-made PKI would pair with no certificate here any more.
    rmSync(paths.caKey, { force: true });
    write(paths.caCert, caPem);
    const wanted = [...new Set(names)].sort();
    if (stale(paths.serverCert, a) || !sameNames(paths.serverCert, wanted, a.cluster.pem))
      await issue(a, 'server', 'paddock', wanted, paths.serverCert, paths.serverKey, write);
    if (stale(paths.adminCert, a)) await issue(a, 'admin', 'admin', [], paths.adminCert, paths.adminKey, write);
    if (!existsSync(paths.adminToken)) write(paths.adminToken, `pdk_${randomBytes(32).toString('base64url')}\n`);
    return readPki(paths, { caPem, caCertPem: a.cluster.pem, admin: true });
  };
}

/** The CA certificates clients of this site trust, one PEM after another. */
export function bundlePem(a: Authorities): string {
  return a.cluster.bundlePem;
}

/** Missing, not signed by the current cluster CA, or in the last third of its life. */
function stale(certFile: string, a: Authorities): boolean {
  try {
    const cert = new X509Certificate(readFileSync(certFile));
    if (!cert.verify(new X509Certificate(a.cluster.pem).publicKey)) return true;
    const from = Date.parse(cert.validFrom);
    const to = Date.parse(cert.validTo);
    return Date.now() > to - (to - from) / 3;
  } catch {
    return true;
  }
}

async function issue(
  a: Authorities,
  role: Extract<X509Role, 'server' | 'admin'>,
  name: string,
  addresses: string[],
  certFile: string,
  keyFile: string,
  write: (file: string, text: string) => void,
): Promise<void> {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const now = Date.now();
  const { pem } = await issueX509(a, {
    role,
    name,
    addresses,
    spki: pair.publicKey.export({ type: 'spki', format: 'der' }),
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + LIFETIME[role]),
  });
  write(keyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  // After a rotation the cross-certificate follows, for clients that hold the older bundle.
  write(certFile, `${pem}${a.cluster.chainPem}`);
}
