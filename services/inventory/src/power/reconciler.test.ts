import { describe, expect, it } from 'vitest';
import { powerNode } from '../core/power-ops.ts';
import { createInput, testInventory } from '../core/test-inventory.ts';
import { Reconciler } from './reconciler.ts';

describe('Reconciler', () => {
  it('passes over every node until stopped, and a kick runs a pass at once', async () => {
    const { inv, provider } = testInventory();
    const a = await inv.create(createInput({ name: 'a' }));
    const b = await inv.create(createInput({ name: 'b' }));
    await powerNode(inv, 'a', 'on');
    await powerNode(inv, 'b', 'on');
    // Both "crash"; one of them cannot be restarted (its machine is gone).
    provider.machines.set(a.id, 'off');
    provider.machines.set(b.id, 'off');
    const r = new Reconciler(inv, { intervalMs: 60_000, bootTimeoutMs: 600_000 });
    const stop = new AbortController();
    const running = r.run(stop.signal);
    while (r.passes < 1) await new Promise((res) => setTimeout(res, 5));
    expect(provider.machines.get(a.id)).toBe('on');
    expect(provider.machines.get(b.id)).toBe('on');
    provider.machines.set(a.id, 'off');
    r.kick();
    while (r.passes < 2) await new Promise((res) => setTimeout(res, 5));
    expect(inv.get('a').power).toMatchObject({ observed: 'on', desired: 'on', failures: 0 });
    expect(provider.calls.filter((c) => c === 'on a')).toHaveLength(3);
    stop.abort();
    await running;
  });
});
