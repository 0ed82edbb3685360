import { describe, expect, it } from 'vitest';
import { MemoryConfigStore } from '../store/config-store.ts';
import { LiveConfig } from './live-config.ts';
import { parseDoc, subnetSchema } from './schema.ts';

const subnet = (id: string, cidr: string, extra: object = {}) => parseDoc(subnetSchema, { id, cidr, ...extra }, id);

describe('LiveConfig', () => {
  it('applies a change at once and persists it; refuses an invalid one and keeps the old', () => {
    const store = new MemoryConfigStore();
    const live = new LiveConfig(store);
    let seen = 0;
    live.onChange(() => seen++);
    live.change('subnet', 'a', subnet('a', '10.0.0.0/24'));
    expect(live.current.subnet('a')?.doc.cidr).toBe('10.0.0.0/24');
    expect(() => live.change('subnet', 'b', subnet('b', '10.0.0.0/16'))).toThrow(/overlaps/);
    expect(live.current.subnet('b')).toBeUndefined();
    expect(store.load('subnet').map((d) => d.id)).toEqual(['a']);
    expect(new LiveConfig(store).current.subnet('a')).toBeDefined();
    expect(seen).toBe(1);
  });

  it('seeds from the file; API edits survive restarts until the file changes; removed file entries go', () => {
    const store = new MemoryConfigStore();
    const file = { subnets: [subnet('f', '10.1.0.0/24'), subnet('g', '10.2.0.0/24')], reservations: [] };
    const live = new LiveConfig(store, file);
    live.change('subnet', 'f', subnet('f', '10.1.0.0/24', { routers: ['10.1.0.1'] }));
    live.change('subnet', 'api', subnet('api', '10.3.0.0/24'));
    const again = new LiveConfig(store, file);
    expect(again.current.subnet('f')?.doc.routers).toEqual(['10.1.0.1']);
    const changed = new LiveConfig(store, {
      subnets: [subnet('f', '10.1.0.0/24', { domainName: 'new' })],
      reservations: [],
    });
    expect(changed.current.subnet('f')?.doc.domainName).toBe('new');
    expect(changed.current.subnet('f')?.doc.routers).toEqual([]);
    expect(changed.current.subnet('g')).toBeUndefined();
    expect(changed.current.subnet('api')).toBeDefined();
  });
});
