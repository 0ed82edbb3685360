import { expect, it } from 'vitest';
import type { ConfigStore } from './config-store.ts';

/** The behaviour every DHCP ConfigStore must have; each store's test file runs it. */
export function configStoreContract(make: () => ConfigStore): void {
  it('keeps documents whole with their file hash, by id, and deletes them', () => {
    const store = make();
    store.write([
      { kind: 'subnet', id: 'b', doc: { id: 'b', x: [2] } },
      { kind: 'subnet', id: 'a', doc: { id: 'a', x: [1], nested: { y: 'z' } }, fileHash: 'h' },
      { kind: 'reservation', id: 'r', doc: { id: 'r' } },
    ]);
    expect(store.load('subnet')).toEqual([
      { id: 'a', doc: { id: 'a', x: [1], nested: { y: 'z' } }, fileHash: 'h' },
      { id: 'b', doc: { id: 'b', x: [2] }, fileHash: null },
    ]);
    store.write([
      { kind: 'reservation', id: 'r' },
      { kind: 'subnet', id: 'b', doc: { id: 'b', x: [3] } },
    ]);
    expect(store.load('reservation')).toEqual([]);
    expect(store.load('subnet').map((d) => d.doc)).toEqual([
      { id: 'a', x: [1], nested: { y: 'z' } },
      { id: 'b', x: [3] },
    ]);
  });

  it('moves its mark (where it has one) on every write', () => {
    const store = make();
    const before = store.mark?.();
    store.write([{ kind: 'subnet', id: 'a', doc: { id: 'a' } }]);
    if (store.mark) expect(store.mark()).not.toBe(before);
  });
}
