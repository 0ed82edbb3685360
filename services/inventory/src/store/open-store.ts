import { type StoreTarget, sitePrefix } from '@paddock/etcd';
import type { ModuleContext } from '@paddock/runtime';
import { EtcdStore } from './etcd/etcd-store.ts';
import { MIGRATIONS, SqliteStore } from './sqlite-store.ts';
import type { NodeStore } from './store.ts';

/** The store `--store` names, and how to close it with the module. */
export function openNodeStore(
  target: StoreTarget,
  site: string,
  ctx: ModuleContext,
): { store: NodeStore; close(): void } {
  if (target.kind === 'sqlite')
    return { store: new SqliteStore(ctx.openDatabase('inventory', { migrations: MIGRATIONS })), close() {} };
  const store = EtcdStore.open({
    endpoints: target.endpoints,
    tls: target.tls,
    prefix: sitePrefix(target, site),
    site,
    onDamaged: (key, reason) =>
      ctx.log.warn({ key, reason }, 'skipped a value under the inventory prefix that is not an inventory record'),
  });
  ctx.log.info({ endpoints: target.endpoints, site }, 'inventory store on etcd');
  return { store, close: () => store.close() };
}
