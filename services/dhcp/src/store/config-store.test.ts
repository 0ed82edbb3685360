import { openDatabase } from '@paddock/runtime';
import { describe } from 'vitest';
import { MemoryConfigStore, SqliteConfigStore } from './config-store.ts';
import { configStoreContract } from './config-store-contract.ts';
import { MIGRATIONS } from './migrations.ts';

describe('SqliteConfigStore', () => {
  configStoreContract(() => new SqliteConfigStore(openDatabase(':memory:', { migrations: MIGRATIONS })));
});

describe('MemoryConfigStore', () => {
  configStoreContract(() => new MemoryConfigStore());
});
