import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModuleContext, ModuleFactory, ServiceHandle } from '@paddock/runtime';
import { keyService } from './api/service.ts';
import { type Authorities, openAuthorities } from './authority/authorities.ts';
import { pemBlocks } from './authority/cluster-ca.ts';
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
  const unlock = (dataDir: string) => {
    unlocked ??= unlockAuthorities(opts, dataDir);
    return unlocked;
  };
  const identities = new NodeIdentities();
  let made: { ka: KeyAuthority; ctx: ModuleContext } | undefined;
  const factory = keysModule(opts, unlock, (ka, ctx) => {
    identities.attach(ka);
    made = { ka, ctx };
  });
  const tokens = new NodeTokens(
    () => made?.ka,
    () => made?.ctx.addresses().http ?? '',
  );
  return { name: 'keys', factory, pki: clusterPki(unlock), identities, tokens };
}

function unlockAuthorities(opts: KeysModuleOptions, dataDir: string): Promise<Authorities> {
  const passphrase =
    typeof opts.passphrase === 'string' ? opts.passphrase : resolvePassphrase({ dataDir, ...opts.passphrase });
  return openAuthorities(join(dataDir, 'keys'), passphrase);
}

export function keysModule(
  opts: KeysModuleOptions,
  unlock = (dataDir: string) => unlockAuthorities(opts, dataDir),
  made: (ka: KeyAuthority, ctx: ModuleContext) => void = () => {},
): ModuleFactory {
  return async (ctx) => {
    const settings = settingsSchema.parse(opts.settings ?? {});
    const authorities = await unlock(ctx.dataDir);
    // WAL with NORMAL sync: a commit survives a crash of Paddock, and enrolment does not wait
    // for a disk flush per node (see the keys design notes).
    const db = ctx.openDatabase('keys', { migrations: MIGRATIONS, synchronous: 'NORMAL' });
    const store = new WatchedKeyStore(new SqliteKeyStore(db));
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
    const judge = judgeClients((cert) => ka.revoked.isRevoked(cert));
    // The signing CA and those it replaced: what they issued is honoured until it expires.
    for (const pem of pemBlocks(authorities.cluster.bundlePem))
      ctx.trustClients({ ca: new X509Certificate(pem), judge });
    return {
      name: 'keys',
      protoFiles: ['paddock/keys/v1/keys.proto'],
      services: [keyService(ka, store, stats)],
      routes: [
        enrolRoute(ka, (req) => ctx.authenticate(req)),
        trustRoute(ka, (req) => ctx.authenticate(req), ctx.shutdown),
      ],
      start() {
        ctx.setHealthy('keys', true);
      },
    };
  };
}
