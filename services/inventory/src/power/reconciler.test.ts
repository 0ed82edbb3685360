import { describe, expect, it } from 'vitest';
import { Inventory } from '../core/inventory.ts';
import { powerNode } from '../core/power-ops.ts';
import { createInput, testInventory } from '../core/test-inventory.ts';
import type { Node, PowerState } from '../model/node.ts';
import { MemoryProvider } from './memory-provider.ts';
import { ProviderRegistry } from './provider.ts';
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

/** A BMC-like provider: asked every `pollMs`, and one machine's BMC hangs until released. */
class SlowBmc extends MemoryProvider {
  readonly pollMs = 30_000;
  readonly asked: string[] = [];
  hang = '';
  release: () => void = () => {};

  override async observe(node: Node): Promise<PowerState | undefined> {
    this.asked.push(node.name);
    if (node.name === this.hang) await new Promise<void>((r) => (this.release = r));
    if (node.name === 'broken') throw new Error('BMC 10.0.0.9: no answer after 3 tries');
    return super.observe(node);
  }
}

describe('Reconciler with BMC-like providers', () => {
  const setup = async () => {
    const t = testInventory();
    const bmc = new SlowBmc('bmc');
    const inv = new Inventory({
      store: t.inv.store,
      providers: new ProviderRegistry([bmc]),
      log: t.inv.log,
      now: t.inv.now,
    });
    for (const name of ['slow', 'fast', 'broken'])
      await inv.create(createInput({ name, provider: { name: 'bmc', options: {} } }));
    return { inv, bmc, clock: t.clock };
  };

  it('asks each BMC once per poll interval, and one hanging BMC never holds up another', async () => {
    const { inv, bmc, clock } = await setup();
    bmc.hang = 'slow';
    const r = new Reconciler(inv, { intervalMs: 60_000, bootTimeoutMs: 600_000 });
    const settle = () => new Promise((res) => setTimeout(res, 0));
    void r.pass();
    await r.pass();
    await settle();
    // The hanging BMC's pass is still running; the other two were asked once each, not twice.
    expect(bmc.asked.sort()).toEqual(['broken', 'fast', 'slow']);
    clock.now += 10_000;
    await r.pass();
    expect(bmc.asked).toHaveLength(3);
    clock.now += 25_000;
    await r.pass();
    // 35 s on: the answering BMC is due again; the failing one backs off; the hung one is still busy.
    expect(bmc.asked.slice(3)).toEqual(['fast']);
    bmc.hang = '';
    bmc.release();
    await settle();
    clock.now += 40_000;
    await r.pass();
    expect(bmc.asked.slice(4).sort()).toEqual(['broken', 'fast', 'slow']);
  });
});
