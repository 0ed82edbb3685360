import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SyncEtcd } from '@paddock/etcd';
import { keyRecordKeys } from '../store/etcd/key-records.ts';
import { CLUSTER_CA, openAuthorities, write } from './authorities.ts';
import { pemBlocks } from './cluster-ca.ts';

type Files = Map<string, string>;

/** The keys dir's files that make the site's authorities (private keys in them are sealed). */
const isAuthorityFile = (name: string) =>
  /^(site-id|cluster-ca[\w.-]*\.(crt|key|pem)|ssh-(host|user)-ca\.(key|pub))$/.test(name);

/**
 * Makes the keys dir hold the site's authorities as etcd keeps them, so every server on one
 * site signs with the same CAs: a node enrols at any of them, against the one CA bundle its
 * boot script names. The files go to etcd as they lie in the dir: private keys sealed under the
 * keys passphrase (PKCS#8, AES-256), so every server needs that passphrase, and etcd never
 * holds a key in clear. The first server publishes its own (made now when it has none); the
 * others take the site's. A dir rotated with `paddock keys ca rotate` (the site's CA among the
 * ones it replaced) publishes its new CA; a dir the site rotated past takes the site's; any
 * other difference refuses the start, naming the file.
 */
export async function shareAuthorities(etcd: SyncEtcd, prefix: string, dir: string, passphrase: string): Promise<void> {
  const k = keyRecordKeys(prefix);
  const read = () => {
    const kvs = etcd.read([k.authorities])[0]!;
    return {
      files: new Map(kvs.map((kv) => [kv.key.slice(k.authorities.key.length), kv.value])) as Files,
      certMod: kvs.find((kv) => kv.key === k.authority(CLUSTER_CA.cert))?.mod ?? '0',
    };
  };
  let site = read();
  let local = localFiles(dir);
  const fresh = !local.has(CLUSTER_CA.cert);
  if (fresh && site.files.size === 0) {
    await openAuthorities(dir, passphrase);
    local = localFiles(dir);
  }
  const siteCert = site.files.get(CLUSTER_CA.cert);
  const localCert = local.get(CLUSTER_CA.cert);
  const replaced = (files: Files) => pemBlocks(files.get(CLUSTER_CA.previous) ?? '').map(norm);
  const publish = siteCert === undefined || (localCert !== siteCert && replaced(local).includes(norm(siteCert)));
  if (publish) {
    const puts = [...local].map(([name, value]) => ({ key: k.authority(name), value }));
    if (etcd.txn({ compares: [{ key: k.authority(CLUSTER_CA.cert), mod: site.certMod }], puts, deletes: [] })) return;
    // Another server published first: what this one made a moment ago gives way to the site's.
    if (!fresh)
      throw new Error('the site’s authorities changed on etcd while this server published its own: start it again');
    for (const name of local.keys()) rmSync(join(dir, name), { force: true });
    site = read();
  } else if (localCert !== undefined && localCert !== siteCert && !replaced(site.files).includes(norm(localCert)))
    throw new Error(
      `${join(dir, CLUSTER_CA.cert)} is not the site's cluster CA on etcd, nor one it replaced: this keys dir belongs to another site (move it away to take the site's authorities)`,
    );
  adopt(dir, site.files, localCert === site.files.get(CLUSTER_CA.cert) ? localFiles(dir) : new Map());
}

/** Writes the site's files into the dir; with the same CA, a file both hold must match. */
function adopt(dir: string, site: Files, same: Files): void {
  for (const [name, text] of same)
    if (site.has(name) && site.get(name) !== text)
      throw new Error(`${join(dir, name)} differs from the site's copy on etcd: this keys dir belongs to another site`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const [name, text] of site) if (isAuthorityFile(name) && same.get(name) !== text) write(join(dir, name), text);
}

function localFiles(dir: string): Files {
  if (!existsSync(dir)) return new Map();
  return new Map(
    readdirSync(dir)
      .filter(isAuthorityFile)
      .sort()
      .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
  );
}

const norm = (pem: string) => pem.trim();
