import { createLogger } from '@paddock/runtime';
import { expect, it } from 'vitest';
import { Inventory } from '../core/inventory.ts';
import { powerNode } from '../core/power-ops.ts';
import { createInput } from '../core/test-inventory.ts';
import { MemoryProvider } from '../power/memory-provider.ts';
import { ProviderRegistry } from '../power/provider.ts';
import { MemoryStore } from '../store/memory-store.ts';
import type { ClaimSet } from './claim-set.ts';
import { ClaimedProvider } from './claimed-provider.ts';
import { ComputeHost } from './compute-host.ts';

/** Claims on a map shared by the hosts (unit tests; MachineClaims is tested against etcd). */
class MapClaims implements ClaimSet {
  readonly site: Map<string, string>;
  readonly host: string;
  constructor(site: Map<string, string>, host: string) {
    this.site = site;
    this.host = host;
  }
  held = (m: string) => this.site.get(m) === this.host;
  heldMachines = () => [...this.site].filter(([, h]) => h === this.host).map(([m]) => m);
  take = async (m: string) => !this.site.has(m) && !!this.site.set(m, this.host);
  release = async (m: string) => void (this.held(m) && this.site.delete(m));
  list = async () => [...this.site].map(([machine, host]) => ({ machine, host, name: '', since: 0, fence: '1' }));
  stop = async () => {
    for (const m of this.heldMachines()) this.site.delete(m);
  };
}

/** Two compute hosts on one store and one claim map, each with machines of its own. */
function site(capacity = [1, 1]) {
  const store = new MemoryStore();
  const claims = new Map<string, string>();
  const hosts = capacity.map((cap, i) => {
    const provider = new MemoryProvider('qemu');
    const mine = new MapClaims(claims, `h${i}`);
    const inv = new Inventory({
      store,
      providers: new ProviderRegistry([new ClaimedProvider(provider, () => mine)]),
      log: createLogger({ name: 'test', level: 'silent' }),
    });
    const host = new ComputeHost(inv, provider, mine, { capacity: cap, pollMs: 10, bootTimeoutMs: 60_000 });
    return { inv, provider, host, claims: mine };
  });
  return { store, claims, hosts: hosts as [(typeof hosts)[0], (typeof hosts)[0]] };
}

/** A machine made through host 0's API, powered on there: only its desired power is written. */
async function machine(s: ReturnType<typeof site>, name: string) {
  const { inv, provider } = s.hosts[0];
  const n = await inv.create(createInput({ name, provider: { name: 'qemu', options: {} } }));
  const on = await powerNode(inv, n.id, 'on');
  expect(on.power.desired).toBe('on');
  for (const h of s.hosts) h.provider.machines.set(n.id, 'off');
  expect(provider.calls).not.toContain(`on ${name}`);
  return n.id;
}

const running = (s: ReturnType<typeof site>, id: string) =>
  s.hosts.flatMap((h, i) => (h.provider.machines.get(id) === 'on' ? [`h${i}`] : []));

it('each machine desired on runs on exactly one host, which records it on', async () => {
  const s = site();
  const [m1, m2] = [await machine(s, 'vm1'), await machine(s, 'vm2')];
  await s.hosts[0].host.pass();
  await s.hosts[1].host.pass();
  expect([running(s, m1), running(s, m2)].flat().sort()).toEqual(['h0', 'h1']);
  expect(s.store.find(m1)?.power.observed).toBe('on');
  // A power-on through the API of a host that does not hold the machine starts nothing there.
  const other = s.claims.get(m1) === 'h0' ? s.hosts[1] : s.hosts[0];
  await powerNode(other.inv, m1, 'on');
  expect(running(s, m1)).toHaveLength(1);
});

it('a machine desired off is stopped, recorded off and its claim released', async () => {
  const s = site();
  const id = await machine(s, 'vm');
  await s.hosts[0].host.pass();
  expect(running(s, id)).toEqual(['h0']);
  await powerNode(s.hosts[1].inv, id, 'off');
  await s.hosts[0].host.pass();
  expect(running(s, id)).toEqual([]);
  expect(s.claims.has(id)).toBe(false);
  expect(s.store.find(id)?.power.observed).toBe('off');
});

it('a lost claim stops the machine at once; another host then claims and starts it', async () => {
  const s = site();
  const id = await machine(s, 'vm');
  await s.hosts[0].host.pass();
  s.claims.delete(id);
  s.hosts[0].host.lost(id, 'lease ended');
  expect(running(s, id)).toEqual([]);
  expect(s.hosts[0].provider.calls).toContain('halt vm');
  await s.hosts[1].host.pass();
  expect(running(s, id)).toEqual(['h1']);
});

it('a machine that fails to start is given up and left to the other host for a while', async () => {
  const s = site([1, 1]);
  const id = await machine(s, 'vm');
  s.hosts[0].provider.failWith = 'bridge br0 not found';
  await s.hosts[0].host.pass();
  expect(s.store.find(id)?.power.lastError).toMatch(/bridge br0 not found/);
  await s.hosts[0].host.pass();
  expect(s.claims.has(id)).toBe(false);
  // h0 backs off: it does not claim the machine again at once, h1 does.
  await s.hosts[0].host.pass();
  expect(s.claims.has(id)).toBe(false);
  await s.hosts[1].host.pass();
  expect(running(s, id)).toEqual(['h1']);
});
