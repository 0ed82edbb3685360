import { describe, expect, it } from 'vitest';
import { backoffMs } from '../model/power-plan.ts';
import { powerNode, reconcileNode } from './power-ops.ts';
import { createInput, testInventory } from './test-inventory.ts';

const opts = { bootTimeoutMs: 600_000 };

describe('power through the API', () => {
  it('powers on and off, recording desired and observed power', async () => {
    const { inv, provider } = testInventory();
    const { id } = await inv.create(createInput({ name: 'a' }));
    let n = await powerNode(inv, 'a', 'on');
    expect(n.power).toMatchObject({ desired: 'on', observed: 'on', lastError: '' });
    expect(provider.machines.get(id)).toBe('on');
    n = await powerNode(inv, 'a', 'off');
    expect(n.power).toMatchObject({ desired: 'off', observed: 'off' });
    n = await powerNode(inv, 'a', 'reboot');
    expect(n.power.desired).toBe('on');
    expect(provider.calls.slice(-3)).toEqual(['on a', 'off a', 'reboot a']);
  });

  it('answers a provider failure with its error and changes nothing', async () => {
    const { inv, provider } = testInventory();
    const before = await inv.create(createInput({ name: 'a' }));
    provider.failWith = 'QEMU is not installed';
    await expect(powerNode(inv, 'a', 'on')).rejects.toMatchObject({
      kind: 'failedPrecondition',
      message: 'QEMU is not installed',
    });
    expect(inv.get('a')).toEqual(before);
  });

  it('refuses power actions on a retired node and on unknown nodes', async () => {
    const { inv, provider } = testInventory();
    await inv.create(createInput({ name: 'a' }));
    inv.setLifecycle('a', 'retired', '');
    await expect(powerNode(inv, 'a', 'on')).rejects.toMatchObject({
      kind: 'failedPrecondition',
      message: 'node a is retired: power actions are refused',
    });
    await expect(powerNode(inv, 'nope', 'on')).rejects.toMatchObject({ kind: 'notFound' });
    expect(provider.calls.filter((c) => c.startsWith('on'))).toEqual([]);
  });
});

describe('the reconciler', () => {
  it('brings a crashed machine back on, and sees a ready one go off', async () => {
    const { inv, provider, clock } = testInventory();
    const { id } = await inv.create(createInput({ name: 'a' }));
    await powerNode(inv, 'a', 'on');
    inv.mutate('a', (n) => ({ ...n, lifecycle: { ...n.lifecycle, state: 'ready', since: clock.now } }));
    provider.machines.set(id, 'off');
    clock.now += 1000;
    await reconcileNode(inv, id, opts);
    const n = inv.get('a');
    expect(provider.machines.get(id)).toBe('on');
    expect(n.power).toMatchObject({ desired: 'on', observed: 'on', failures: 0 });
    expect(n.lifecycle.history.map((h) => h.state)).toEqual(['discovered', 'off']);
  });

  it('records failures with a growing back-off, and clears them on success', async () => {
    const { inv, provider, clock } = testInventory();
    const { id } = await inv.create(createInput({ name: 'a' }));
    await powerNode(inv, 'a', 'on');
    provider.machines.set(id, 'off');
    provider.failWith = 'bridge br0 is gone';
    clock.now += 10;
    await reconcileNode(inv, id, opts);
    expect(inv.get('a').power).toMatchObject({
      failures: 1,
      lastError: 'bridge br0 is gone',
      nextAttemptAt: clock.now + backoffMs(1),
    });
    // Within the back-off nothing is tried.
    const tries = provider.calls.length;
    clock.now += backoffMs(1) - 1;
    await reconcileNode(inv, id, opts);
    expect(provider.calls.length).toBe(tries);
    clock.now += 1;
    await reconcileNode(inv, id, opts);
    expect(inv.get('a').power.failures).toBe(2);
    provider.failWith = undefined;
    clock.now += backoffMs(2);
    await reconcileNode(inv, id, opts);
    expect(inv.get('a').power).toMatchObject({ failures: 0, lastError: '', observed: 'on' });
  });

  it('fails a boot that never phones home', async () => {
    const { inv, clock } = testInventory();
    const { id } = await inv.create(createInput({ name: 'a' }));
    await powerNode(inv, 'a', 'on');
    inv.mutate('a', (n) => ({ ...n, lifecycle: { ...n.lifecycle, state: 'booting', since: clock.now } }));
    clock.now += 59_000;
    await reconcileNode(inv, id, { bootTimeoutMs: 60_000 });
    expect(inv.get('a').lifecycle.state).toBe('booting');
    clock.now += 2_000;
    await reconcileNode(inv, id, { bootTimeoutMs: 60_000 });
    expect(inv.get('a').lifecycle.state).toBe('failed');
  });
});
