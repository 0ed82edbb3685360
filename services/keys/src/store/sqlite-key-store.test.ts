import { openDatabase } from '@paddock/runtime';
import { describe } from 'vitest';
import { keyStoreContract } from './key-store-contract.ts';
import { MIGRATIONS } from './migrations.ts';
import { SqliteKeyStore } from './sqlite-key-store.ts';

describe('SqliteKeyStore', () => {
  keyStoreContract(() => new SqliteKeyStore(openDatabase(':memory:', { migrations: MIGRATIONS })));
});
