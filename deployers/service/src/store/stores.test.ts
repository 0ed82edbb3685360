import { openDatabase } from '@paddock/runtime';
import { type EtcdCluster, startEtcd } from '@paddock/testkit';
import { afterAll, beforeAll, describe } from 'vitest';
import { MemoryDeploymentStore } from './deployment-store.ts';
import { EtcdDeploymentStore } from './etcd-deployment-store.ts';
import { MIGRATIONS, SqliteDeploymentStore } from './sqlite-deployment-store.ts';
import { deploymentStoreContract } from './store-contract.ts';

describe('MemoryDeploymentStore', () => {
  deploymentStoreContract(() => new MemoryDeploymentStore());
});

describe('SqliteDeploymentStore', () => {
  deploymentStoreContract(() => new SqliteDeploymentStore(openDatabase(':memory:', { migrations: MIGRATIONS })));
});

describe('EtcdDeploymentStore (a real etcd)', () => {
  let etcd: EtcdCluster;
  const opened: EtcdDeploymentStore[] = [];
  let next = 0;
  beforeAll(async () => {
    etcd = await startEtcd();
  }, 30_000);
  afterAll(async () => {
    for (const s of opened) await s.close();
    await etcd?.close();
  });
  deploymentStoreContract(() => {
    const s = new EtcdDeploymentStore({ endpoints: etcd.endpoints.split(','), prefix: `/paddock-test/${next++}/` });
    opened.push(s);
    return s;
  });
});
