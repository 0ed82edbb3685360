import { describe } from 'vitest';
import { MemoryStore } from './memory-store.ts';
import { storeContract } from './store-contract.ts';

describe('MemoryStore', () => storeContract(() => new MemoryStore()));
