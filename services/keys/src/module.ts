import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSiteEtcd, type StoreTarget, type SyncEtcd, sitePrefix } from '@paddock/etcd';
import type { ModuleContext, ModuleFactory, ServiceHandle } from '@paddock/runtime';
import { keyService } from './api/service.ts';
import { type Authorities, openAuthorities } from './authority/authorities.ts';
import { pemBlocks } from './authority/cluster-ca.ts';
import { shareAuthorities } from './authority/shared-authorities.ts';
import { clusterPki } from './authority/site-pki.ts';
import { resolvePassphrase } from './config/passphrase.ts';
import { type Settings, settingsSchema } from './config/settings.ts';
import { enrolRoute } from './server/http-enrol.ts';
import { trustRoute } from './server/http-trust.ts';
import { judgeClients } from './server/judge-clients.ts';
import { type EnrolAttempt, KeyAuthority } from './server/key-authority.ts';
import { NodeIdentities } from './server/node-identities.ts';
import { NodeTokens } from './server/node-tokens.ts';
import { KeyStats } from './server/stats.ts';
import { EtcdKeyFeed } from './store/etcd/etcd-key-feed.ts';
import { EtcdKeyStore } from './store/etcd/etcd-key-store.ts';
import type { KeyStore } from './store/key-store.ts';
import { MIGRATIONS } from './store/migrations.ts';
import { SqliteKeyStore } from './store/sqlite-key-store.ts';
import { WatchedKeyStore } from './store/watched-key-store.ts';

export interface KeysModuleOptions {
  /**
   * Unlocks the authorities' private keys: the passphrase itself, or where to find it, read
   * when the server starts (see passphrase.ts; none given means `<data-dir>/keys.passphrase`).
   */
  passphrase: string | { file?: string | undefined; text?: string | undefined };
  settings?: Partial<Settings>;
  /** Told of every enrolment attempt with a token bound to a node (`paddock up`: the inventory). */
  onAttempt?: (a: EnrolAttempt) => void;
  /**
   * Where tokens and certificate records live (`--store`; SQLite's keys.db by default). On
   * etcd, every server of the site shares them and the authorities (see shared-authorities.ts).
   */
  store?: { target: StoreTarget; site: string };
}

/** The site's etcd, for servers that share one: opened when first needed, once. */
type SiteEtcd = { etcd(): SyncEtcd; prefix: string; close(): void } | undefined;

function siteEtcd(store: KeysModuleOptions['store']): SiteEtcd {
  if (store?.target.kind !== 'etcd') return undefined;
  const target = store.target;
  const prefix = sitePrefix(target, store.site);
  let client: SyncEtcd | undefined;
  return {
    prefix,
    etcd: () => {
      client ??= openSiteEtcd({ endpoints: target.endpoints, tls: target.tls, prefix, site: store.site });
      return client;
    },
    close: () => client?.close(),
  };
}

/** The keys service, and what it tells other services in the process about node identities. */
export interface KeysHandle extends ServiceHandle {
  readonly identities: NodeIdentities;
  /** Machines' bootstrap tokens for their boot scripts (usable once the server runs). */
  readonly tokens: NodeTokens;
}

/**
 * The keys service as a runtime module (`paddock keys serve`, `paddock up`): its authorities
 * live in `<data-dir>/keys`, its tokens and certificates in keys.db. The server it runs in
 * accepts the cluster CA's client certificates from then on, refusing revoked ones at once.
 */
export function createKeys(opts: KeysModuleOptions): KeysHandle {
  // Unlocked once per server: the server's own certificates and the module share them.
  let unlocked: Promise<Authorities> | undefined;
  const shared = siteEtcd(opts.store);
  const unlock = (dataDir: string) => {
    unlocked ??= unlockAuthorities(opts, dataDir, shared);
    return unlocked;
  };
  const identities = new NodeIdentities();
  let made: { ka: KeyAuthority; ctx: ModuleContext } | undefined;
  const factory = keysModule(
    opts,
    unlock,
    (ka, ctx) => {
      identities.attach(ka);
      made = { ka, ctx };
    },
    shared,
  );
  const tokens = new NodeTokens(
    () => made?.ka,
    () => ({ httpUrl: made?.ctx.addresses().http ?? '', certificatePem: made?.ctx.serverCertificatePem() ?? '' }),
  );
  return { name: 'keys', factory, pki: clusterPki(unlock), identities, tokens };
}

async function unlockAuthorities(opts: KeysModuleOptions, dataDir: string, shared?: SiteEtcd): Promise<Authorities> {
  const passphrase =
    typeof opts.passphrase === 'string' ? opts.passphrase : resolvePassphrase({ dataDir, ...opts.passphrase });
  const dir = join(dataDir, 'keys');
  if (!shared) return openAuthorities(dir, passphrase);
  await shareAuthorities(shared.etcd(), shared.prefix, dir, passphrase);
  try {
    return await openAuthorities(dir, passphrase);
  } catch (err) {
    throw new Error(
      `${(err as Error).message}. The site's authorities on etcd are sealed with the passphrase of the server that made them: give every server of the site the same --keys-passphrase-file`,
    );
  }
}

export function keysModule(
  opts: KeysModuleOptions,
  unlock = (dataDir: string) => unlockAuthorities(opts, dataDir),
  made: (ka: KeyAuthority, ctx: ModuleContext) => void = () => {},
  shared = siteEtcd(opts.store),
): ModuleFactory {
  return async (ctx) => {
    const settings = settingsSchema.parse(opts.settings ?? {});
    const authorities = await unlock(ctx.dataDir);
    const rows = openKeyStore(ctx, shared);
    // On SQLite the store tells watchers of each change it makes; on etcd the site's watch
    // tells of every server's (the feed below, once the authority exists).
    const watched = rows instanceof EtcdKeyStore ? undefined : new WatchedKeyStore(rows);
    const store = watched ?? rows;
    const stats = new KeyStats(ctx.metrics.registry);
    // A server whose own certificate a self-made CA signed: nodes must trust that CA too.
    const serverCa = join(ctx.dataDir, 'pki', 'ca.crt');
    const ownCa = existsSync(serverCa) ? readFileSync(serverCa, 'utf8') : '';
    const ka = new KeyAuthority({
      authorities,
      store,
      settings,
      stats,
      ...(ownCa && !ownCa.includes(authorities.cluster.pem.trim()) ? { extraTrust: ownCa } : {}),
      ...(opts.onAttempt ? { onAttempt: opts.onAttempt } : {}),
    });
    made(ka, ctx);
    const keys = watched?.source() ?? feedOf(shared!, ka, ctx).source();
    const judge = judgeClients((cert) => ka.revoked.isRevoked(cert));
    // The signing CA and those it replaced: what they issued is honoured until it expires.
    for (const pem of pemBlocks(authorities.cluster.bundlePem))
      ctx.trustClients({ ca: new X509Certificate(pem), judge });
    return {
      name: 'keys',
      protoFiles: ['paddock/keys/v1/keys.proto'],
      services: [keyService(ka, store, stats, keys)],
      routes: [
        enrolRoute(ka, (req) => ctx.authenticate(req)),
        trustRoute(ka, (req) => ctx.authenticate(req), ctx.shutdown),
      ],
      start() {
        ctx.setHealthy('keys', true);
      },
      stop() {
        // Ends the feed's watch too.
        shared?.close();
      },
    };
  };
}

/** keys.db in the data dir, or the site's records on etcd. */
function openKeyStore(ctx: ModuleContext, shared: SiteEtcd): KeyStore {
  if (!shared) {
    // WAL with NORMAL sync: a commit survives a crash of Paddock, and enrolment does not wait
    // for a disk flush per node (see the keys design notes).
    return new SqliteKeyStore(ctx.openDatabase('keys', { migrations: MIGRATIONS, synchronous: 'NORMAL' }));
  }
  ctx.log.info({ prefix: shared.prefix }, 'keys store on etcd');
  return new EtcdKeyStore(shared.etcd(), shared.prefix, (key, reason) =>
    ctx.log.warn({ key, reason }, 'skipped a value under the keys prefix that is not a keys record'),
  );
}

/**
 * The site's token and certificate changes on etcd, every server's, for WatchKeys; a certificate
 * revoked on another server is refused here, and the overlay told, as soon as etcd's watch tells.
 */
function feedOf(shared: NonNullable<SiteEtcd>, ka: KeyAuthority, ctx: ModuleContext): EtcdKeyFeed {
  return new EtcdKeyFeed(shared.etcd(), shared.prefix, {
    onRevoked: (certs) => {
      const learnt = ka.learnRevoked(certs);
      if (learnt.length > 0)
        ctx.log.info({ certificates: learnt.length }, 'certificates revoked on another server; refused here');
    },
    onIgnored: (key, reason) => ctx.log.warn({ key, reason }, 'keys watch: ignored a value under the keys prefix'),
    onWatching: (endpoint, cause) => {
      if (cause !== undefined) ctx.log.info({ endpoint, cause }, 'keys watch resumed on another etcd member');
    },
  });
}
