import type { EtcdTls } from '../store-url.ts';
import { SyncEtcd } from './sync-etcd.ts';

/** Where one site's records live on etcd, as every synchronous store opens them. */
export interface SiteEtcdOptions {
  endpoints: string[];
  /** The site's keys live under this prefix (ends with `/`). */
  prefix: string;
  /** Written under the prefix at first open; any other site id there refuses the open. */
  site: string;
  timeoutMs?: number;
  /** CA and client certificate files for etcds:// endpoints. */
  tls?: EtcdTls | undefined;
}

/**
 * Connects and checks the site id at `<prefix>site` (written create-only by the first store to
 * open, so two first starts agree on one); throws a sentence naming the endpoints when etcd
 * cannot be reached, or the site when the prefix holds another one.
 */
export function openSiteEtcd(opts: SiteEtcdOptions): SyncEtcd {
  const etcd = new SyncEtcd(opts.endpoints, opts.timeoutMs, opts.tls);
  const key = `${opts.prefix}site`;
  let site: string | undefined;
  try {
    site = etcd.read([{ key }])[0]![0]?.value;
    if (
      site === undefined &&
      !etcd.txn({ compares: [{ key, mod: '0' }], puts: [{ key, value: opts.site }], deletes: [] })
    )
      site = etcd.read([{ key }])[0]![0]?.value;
  } catch (err) {
    etcd.close();
    throw new Error(`cannot reach etcd at ${opts.endpoints.join(',')}: ${(err as Error).message}`);
  }
  if (site !== undefined && site !== opts.site) {
    etcd.close();
    throw new Error(
      `etcd prefix ${opts.prefix} at ${opts.endpoints.join(',')} belongs to site "${site}", not "${opts.site}": give each site its own prefix`,
    );
  }
  return etcd;
}
