import { type DeploymentRecord, openDeploymentStoreAt } from '@paddock/deploy-service';
import type { StoreTarget } from '@paddock/etcd';

/**
 * Every server's deployments `target` holds for `site` (SQLite: deploy.db in the data dir). A
 * record the store cannot read would be left behind silently: refuse instead.
 */
export async function readDeployments(target: StoreTarget, dataDir: string, site: string): Promise<DeploymentRecord[]> {
  const store = openDeploymentStoreAt(target, dataDir, site);
  try {
    const { records, damaged } = await store.load();
    if (damaged.length > 0)
      throw new Error(
        `${damaged.length} deployment records cannot be read (${damaged[0]!.key}: ${damaged[0]!.reason}): nothing copied`,
      );
    return records;
  } finally {
    await store.close();
  }
}

/**
 * Writes the records whole, each keeping the server that ran it (host name and data dir): a
 * server lists the deployments it ran, whose progress files and logs are on its disk.
 */
export async function putDeployments(
  target: StoreTarget,
  dataDir: string,
  site: string,
  rows: DeploymentRecord[],
): Promise<void> {
  const store = openDeploymentStoreAt(target, dataDir, site);
  try {
    for (const r of rows) await store.save(r);
  } finally {
    await store.close();
  }
}
