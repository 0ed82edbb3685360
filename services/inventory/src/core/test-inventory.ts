import { createLogger } from '@paddock/runtime';
import type { CreateInput } from '../model/node-input.ts';
import { MemoryProvider } from '../power/memory-provider.ts';
import { ProviderRegistry } from '../power/provider.ts';
import { MemoryStore } from '../store/memory-store.ts';
import { Inventory, type NodeIdentity } from './inventory.ts';

/** An inventory on the in-memory store and provider, with a clock the test moves. */
export function testInventory(opts: { identity?: NodeIdentity } = {}) {
  const provider = new MemoryProvider('memory');
  const clock = { now: 1_000 };
  const inv = new Inventory({
    store: new MemoryStore(),
    providers: new ProviderRegistry([provider]),
    log: createLogger({ name: 'test', level: 'silent' }),
    now: () => clock.now,
    identity: opts.identity,
  });
  return { inv, provider, clock };
}

export function createInput(over: Partial<CreateInput> = {}): CreateInput {
  return {
    name: '',
    labels: {},
    macs: [],
    provider: { name: 'memory', options: {} },
    bootRule: '',
    description: '',
    architecture: '',
    firmware: '',
    ...over,
  };
}
