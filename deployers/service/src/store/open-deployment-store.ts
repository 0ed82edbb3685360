import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { type StoreTarget, sitePrefix } from '@paddock/etcd';
import { type ModuleContext, openDatabase } from '@paddock/runtime';
import type { DeploymentStore } from './deployment-store.ts';
import { EtcdDeploymentStore } from './etcd-deployment-store.ts';
import { MIGRATIONS, SqliteDeploymentStore } from './sqlite-deployment-store.ts';

/** The store `--store` names (SQLite in the data dir by default). */
export function openDeploymentStore(ctx: ModuleContext, target?: StoreTarget, site = 'default'): DeploymentStore {
  if (target?.kind !== 'etcd')
    return new SqliteDeploymentStore(ctx.openDatabase('deploy', { migrations: MIGRATIONS, synchronous: 'NORMAL' }));
  ctx.log.info({ endpoints: target.endpoints, site }, 'deployments stored on etcd');
  return new EtcdDeploymentStore({ endpoints: target.endpoints, tls: target.tls, prefix: sitePrefix(target, site) });
}

/**
 * The same store outside a server (`paddock store copy`, its servers stopped): deploy.db in
 * `dataDir`, or the site's prefix on etcd. `close()` closes the database too.
 */
export function openDeploymentStoreAt(target: StoreTarget, dataDir: string, site: string): DeploymentStore {
  if (target.kind === 'etcd')
    return new EtcdDeploymentStore({ endpoints: target.endpoints, tls: target.tls, prefix: sitePrefix(target, site) });
  const db = openDatabase(join(dataDir, 'deploy.db'), { migrations: MIGRATIONS, synchronous: 'NORMAL' });
  const store = new SqliteDeploymentStore(db);
  return {
    load: (owner) => store.load(owner),
    save: (r) => store.save(r),
    remove: (id) => store.remove(id),
    close: async () => void db.close(),
  };
}

/**
 * Which server ran a deployment: its host and data dir, the same across restarts (a server's
 * process id and port are not), and different for each server sharing one etcd.
 */
export function storeOwner(dataDir: string): string {
  return `${hostname()}:${resolve(dataDir)}`;
}
