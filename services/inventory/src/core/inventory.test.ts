import { describe, expect, it } from 'vitest';
import { createInput, testInventory } from './test-inventory.ts';

describe('Inventory: create, get, update, delete', () => {
  it('creates a node through its provider, found by id, name and MAC', async () => {
    const { inv, provider } = testInventory();
    const node = await inv.create(createInput({ labels: { rack: '2' } }));
    expect(node).toMatchObject({
      name: 'node-020000000001',
      nics: [{ mac: '02:00:00:00:00:01' }],
      architecture: 'x86_64',
      provider: { name: 'memory', options: { size: 'small' } },
      lifecycle: { state: 'discovered' },
      revision: 1n,
    });
    expect(inv.get(node.id).name).toBe(node.name);
    expect(inv.get('02:00:00:00:00:01').id).toBe(node.id);
    expect(provider.machines.get(node.id)).toBe('off');
  });

  it('refuses a duplicate MAC or name before the provider makes anything', async () => {
    const { inv, provider } = testInventory();
    await inv.create(createInput({ name: 'a', macs: ['52:54:00:00:00:01'] }));
    await expect(inv.create(createInput({ name: 'b', macs: ['52:54:00:00:00:01'] }))).rejects.toMatchObject({
      kind: 'alreadyExists',
      message: 'MAC 52:54:00:00:00:01 is already on node a',
    });
    await expect(inv.create(createInput({ name: 'a' }))).rejects.toMatchObject({ kind: 'alreadyExists' });
    expect(provider.calls.filter((c) => c.startsWith('create'))).toHaveLength(1);
    expect(inv.list({ selector: '', states: [] }).nodes).toHaveLength(1);
  });

  it('leaves nothing behind when the provider fails or the input is bad', async () => {
    const { inv, provider } = testInventory();
    provider.failWith = 'bridge br0 not found';
    await expect(inv.create(createInput())).rejects.toMatchObject({
      kind: 'failedPrecondition',
      message: 'bridge br0 not found',
    });
    provider.failWith = undefined;
    await expect(inv.create(createInput({ labels: { 'bad key': 'x' } }))).rejects.toMatchObject({
      kind: 'invalidArgument',
    });
    await expect(inv.create(createInput({ provider: { name: 'gcp', options: {} } }))).rejects.toMatchObject({
      message: 'unknown provider "gcp"; this server has: memory',
    });
    expect(inv.list({ selector: '', states: [] })).toEqual({ nodes: [], revision: 0n });
    expect(provider.machines.size).toBe(0);
  });

  it('filters by label selector and state', async () => {
    const { inv } = testInventory();
    await inv.create(createInput({ name: 'w1', labels: { role: 'worker' } }));
    await inv.create(createInput({ name: 'd1', labels: { role: 'db' } }));
    inv.setLifecycle('d1', 'maintenance', 'disk swap');
    const names = (selector: string, states: Parameters<typeof inv.list>[0]['states'] = []) =>
      inv.list({ selector, states }).nodes.map((n) => n.name);
    expect(names('role=worker')).toEqual(['w1']);
    expect(names('role!=worker')).toEqual(['d1']);
    expect(names('', ['maintenance'])).toEqual(['d1']);
    expect(names('role', ['discovered', 'ready'])).toEqual(['w1']);
    expect(() => names('role=a b')).toThrow(/value "a b"/);
  });

  it('updates with compare-and-swap, and deletes with the provider', async () => {
    const { inv, provider } = testInventory();
    const n = await inv.create(createInput({ name: 'a' }));
    const changed = inv.mutate('a', (x) => ({ ...x, description: 'first' }), { expectedRevision: n.revision });
    expect(changed.revision).toBe(2n);
    expect(() => inv.mutate('a', (x) => ({ ...x, description: 'late' }), { expectedRevision: n.revision })).toThrow(
      /at revision 2, not 1/,
    );
    await inv.delete('a');
    expect(() => inv.get('a')).toThrow('no node a');
    expect(provider.calls).toContain('destroy a');
  });

  it('retires a node for good', async () => {
    const { inv } = testInventory();
    await inv.create(createInput({ name: 'a' }));
    expect(inv.setLifecycle('a', 'retired', 'end of life').lifecycle.state).toBe('retired');
    expect(() => inv.setLifecycle('a', 'maintenance', '')).toThrow(/retired: that is final/);
    expect(inv.get('a').lifecycle.history.map((h) => [h.state, h.reason])).toEqual([
      ['discovered', 'created through the API'],
      ['retired', 'end of life'],
    ]);
  });
});
