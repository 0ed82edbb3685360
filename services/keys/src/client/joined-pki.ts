import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { ConfigError, PaddockError, type Pki, type PkiSource, pkiPaths, readPki } from '@paddock/runtime';
import { pemBlocks } from '../authority/cluster-ca.ts';
import type { JoinCode } from '../codec/join-code.ts';
import { type IssuedJson, keysRequest, postIssued } from './keys-https.ts';
import { makeRequest } from './node-request.ts';

/** What a joined data dir remembers of its keys service: `<data-dir>/pki/keys-server.json`. */
export interface JoinState {
  url: string;
  node: string;
  /** SHA-256 of the token of the join code it enrolled with: another code means enrol again. */
  tokenSha256: string;
  /** When the current certificate arrived (renewal is due two thirds of the way to its expiry). */
  issuedAt: number;
  notAfter: number;
}

const stateFile = (dataDir: string) => pkiPaths(dataDir).keysServer;

export function readJoinState(dataDir: string): JoinState | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(dataDir), 'utf8')) as JoinState;
  } catch {
    return undefined;
  }
}

/** True when the data dir's server has joined a keys service (it must not make its own CA again). */
export const isJoined = (dataDir: string) => existsSync(stateFile(dataDir));

/**
 * The server's PKI from a keys service it joined: enrols once with the join code (the CA bundle
 * fetched and checked against the code's fingerprint first), then reuses the identity in
 * `<data-dir>/pki` at each start while it is valid. No CA key and no admin certificate lie in a
 * joined data dir; the admin token for local clients is still made here.
 */
export function joinedPki(code: JoinCode | undefined): PkiSource {
  return async (dataDir) => {
    const state = readJoinState(dataDir);
    // The same code again (a unit file keeps the flag; its token is spent): the kept identity.
    const same = state && (!code || sha256(code.token) === state.tokenSha256);
    if (same && state.notAfter > Date.now() && existsSync(pkiPaths(dataDir).serverKey)) return loadJoinedPki(dataDir);
    if (!code)
      throw new ConfigError(
        `${dataDir} joined the keys service at ${state?.url} as ${state?.node}, but its certificate is missing or expired: give a new --keys-join`,
      );
    await enrol(dataDir, code);
    return loadJoinedPki(dataDir);
  };
}

async function enrol(dataDir: string, code: JoinCode): Promise<void> {
  // Fetched from a server not yet trusted: the join code's fingerprint decides.
  const bundle = await keysRequest(code.url, '/keys/v1/ca.pem', {});
  if (sha256(bundle) !== code.caSha256)
    throw new PaddockError(
      'permissionDenied',
      `the CA bundle served at ${code.url} does not match the join code's fingerprint: not joining`,
    );
  const req = await makeRequest(code.node);
  const issued = await postIssued(code.url, '/keys/v1/enroll', { ca: bundle }, { token: code.token, csr: req.csrPem });
  const paths = pkiPaths(dataDir);
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  // A self-made PKI's CA key and admin certificate would pair with nothing here any more.
  for (const f of [paths.caKey, paths.adminCert, paths.adminKey]) rmSync(f, { force: true });
  saveIssued(dataDir, { url: code.url, node: code.node, tokenSha256: sha256(code.token) }, req.keyPem, issued);
  if (!existsSync(paths.adminToken)) write(paths.adminToken, `pdk_${randomBytes(32).toString('base64url')}\n`);
}

/** Writes a new identity (key first, each file renamed into place) and the state that says when to renew it. */
export function saveIssued(
  dataDir: string,
  who: Pick<JoinState, 'url' | 'node' | 'tokenSha256'>,
  keyPem: string,
  i: IssuedJson,
): void {
  const paths = pkiPaths(dataDir);
  write(paths.serverKey, keyPem);
  write(paths.serverCert, i.identityPem);
  write(paths.caCert, i.caBundlePem);
  const state: JoinState = {
    url: who.url,
    node: who.node,
    tokenSha256: who.tokenSha256,
    issuedAt: Date.now(),
    notAfter: i.notAfter,
  };
  write(stateFile(dataDir), `${JSON.stringify(state)}\n`);
}

/** The site's CA bundle, as local clients read it (`pki/ca.crt`) and the server presents it. */
export const saveBundle = (dataDir: string, pem: string) => write(pkiPaths(dataDir).caCert, pem);

/** The revoked serials last learnt, kept for a start while the keys service is away. */
const revokedFile = (dataDir: string) => `${pkiPaths(dataDir).dir}/revoked.json`;
export const saveRevoked = (dataDir: string, serials: string[]) =>
  write(revokedFile(dataDir), `${JSON.stringify(serials)}\n`);
export function loadRevoked(dataDir: string): string[] {
  try {
    const list: unknown = JSON.parse(readFileSync(revokedFile(dataDir), 'utf8'));
    return Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

export function loadJoinedPki(dataDir: string): Pki {
  const paths = pkiPaths(dataDir);
  const caPem = readFileSync(paths.caCert, 'utf8');
  const first = pemBlocks(caPem)[0];
  if (!first) throw new ConfigError(`${paths.caCert} holds no CA certificate`);
  return readPki(paths, { caPem, caCertPem: first, admin: false });
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function write(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}
