import { openDatabase } from '@paddock/runtime';
import { useTestEtcd } from '@paddock/testkit/etcd-suite';
import { describe } from 'vitest';
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
  const etcd = useTestEtcd();
  deploymentStoreContract(() => etcd.track(new EtcdDeploymentStore(etcd.storeOptions())));
});
