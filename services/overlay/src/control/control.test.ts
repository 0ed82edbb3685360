import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import type { Network } from '@paddock/proto/overlay/v1/overlay.ts';
import { openDatabase } from '@paddock/runtime';
import { describe, expect, it, onTestFinished } from 'vitest';
import { KEYS } from '../model/fixtures.ts';
import { OverlayControl } from './control.ts';
import { MIGRATIONS } from './migrations.ts';
import { TopologyStore } from './topology-store.ts';

const NET: Network = {
  name: 'lab',
  subnet: '10.99.0.0/24',
  transit: '10.98.0.0/24',
  vni: 42,
  listenPort: 0,
  underlayMtu: 0,
  createdAtUnixMs: 0n,
};

function fresh(file = ':memory:') {
  const store = new TopologyStore(openDatabase(file, { migrations: MIGRATIONS }));
  const control = new OverlayControl(store, () => 1000);
  control.createNetwork(NET);
  return { store, control };
}

const node = (name: string) => ({ kind: 'node' as const, name });
const join = (name: string, key: string, extra = {}) => ({
  network: 'lab',
  publicKey: key,
  endpoint: `192.0.2.${name.charCodeAt(0) - 96}:51820`,
  address: '',
  tunnelAddress: '',
  node: '',
  ...extra,
});

describe('overlay control plane', () => {
  it('refuses overlapping networks, a shared VNI and a bad MTU, counting each', () => {
    const { control } = fresh();
    expect(() =>
      control.createNetwork({
        ...NET,
        name: 'b',
        subnet: '10.99.0.128/25',
        transit: '10.1.0.0/24',
        vni: 7,
        listenPort: 1,
      }),
    ).toThrow(/10\.99\.0\.128\/25 overlaps 10\.99\.0\.0\/24 of network lab/);
    expect(() =>
      control.createNetwork({ ...NET, name: 'c', subnet: '10.2.0.0/24', transit: '10.3.0.0/24', listenPort: 1 }),
    ).toThrow(/VNI 42 is already network lab's/);
    expect(() =>
      control.createNetwork({
        ...NET,
        name: 'd',
        subnet: '10.4.0.0/24',
        transit: '10.5.0.0/24',
        vni: 9,
        listenPort: 2,
        underlayMtu: 1300,
      }),
    ).toThrow(/underlay MTU 1300 leaves/);
    expect(Object.fromEntries(control.refused)).toEqual({ overlap: 1, 'vni-taken': 1, mtu: 1 });
  });

  it('lets a node register only its own key and addresses', () => {
    const { control, store } = fresh();
    const a = control.join(node('a'), join('a', KEYS[0])).member;
    expect(a).toMatchObject({
      name: 'a',
      address: '10.99.0.1/24',
      tunnelAddress: '10.98.0.1/24',
      registeredBy: 'node',
    });
    expect(() => control.join(node('b'), join('b', KEYS[0]))).toThrow(/already member a's/);
    expect(() => control.join(node('b'), join('b', KEYS[1], { address: '10.99.0.1/24' }))).toThrow(
      /address 10\.99\.0\.1 is already another member's/,
    );
    expect(() => control.join(node('b'), join('b', KEYS[1], { node: 'a' }))).toThrow(/node b may not act for node a/);
    expect(() => control.join({ kind: 'admin' }, join('x', KEYS[1]))).toThrow(/must name the node/);
    expect(() => control.leave(node('b'), 'lab', 'a')).toThrow(/may not act for node a/);
    const b = control.join(node('b'), join('b', KEYS[1])).member;
    expect(b.address).toBe('10.99.0.2/24');
    // Joining again keeps the addresses and may change the key.
    expect(control.join(node('b'), join('b', KEYS[2])).member).toMatchObject({
      address: '10.99.0.2/24',
      publicKey: KEYS[2],
    });
    expect(store.members('lab').map((m) => m.publicKey)).toEqual([KEYS[0], KEYS[2]]);
    expect(Object.fromEntries(control.refused)).toMatchObject({
      'key-taken': 1,
      'address-taken': 1,
      'not-yourself': 2,
    });
  });

  it('routes a pair whose direct path is down through the member reaching both, and around a dead relay', () => {
    const { control, store } = fresh();
    for (const [i, n] of ['a', 'b', 'r', 's'].entries())
      control.join(node(n), join(n, `${'ABCD'[i]}${KEYS[0].slice(1)}`));
    const report = (from: string, links: [string, boolean, number][]) =>
      control.reportLinks(
        node(from),
        'lab',
        '',
        links.map(([to, up, ms]) => ({ to, up, latencyUs: ms * 1000, lossPercent: up ? 0 : 100, seenEndpoint: '' })),
      );
    report('a', [
      ['b', false, 0],
      ['r', true, 2],
      ['s', true, 5],
    ]);
    report('b', [
      ['a', false, 0],
      ['r', true, 2],
      ['s', true, 5],
    ]);
    report('r', [
      ['a', true, 2],
      ['b', true, 2],
      ['s', true, 1],
    ]);
    report('s', [
      ['a', true, 5],
      ['b', true, 5],
      ['r', true, 1],
    ]);
    const ab = () => store.paths('lab').find((p) => p.a === 'a' && p.b === 'b');
    expect(ab()).toMatchObject({ via: 'r', portA: 51920, portB: 51921, reachable: true, costUs: 4000 });
    expect(store.paths('lab').find((p) => p.a === 'a' && p.b === 'r')).toMatchObject({ via: '', reachable: true });
    // Once a peer sees r at another address (r is behind NAT), r relays no more: its NAT would drop the pair's packets.
    control.reportLinks(node('s'), 'lab', '', [
      { to: 'r', up: true, latencyUs: 1000, lossPercent: 0, seenEndpoint: '198.51.100.9:40000' },
    ]);
    expect(ab()).toMatchObject({ via: 's', reachable: true });
    report('a', [['r', false, 0]]);
    expect(ab()).toMatchObject({ via: 's', portA: 51920, reachable: true });
    report('b', [['s', false, 0]]);
    expect(ab()).toMatchObject({ via: '', reachable: false });
  });

  it('removes the members a revoked node registered, with their links and paths, and survives a restart', () => {
    const tmp = mkdtempSync(joinPath(tmpdir(), 'paddock-overlay-control-'));
    onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
    const dir = joinPath(tmp, 'overlay.db');
    const { control, store } = fresh(dir);
    control.join(node('a'), join('a', KEYS[0]));
    control.join(node('b'), join('b', KEYS[1]));
    control.join({ kind: 'admin' }, join('c', KEYS[2], { node: 'c' }));
    control.reportLinks(node('a'), 'lab', '', [
      { to: 'b', up: true, latencyUs: 900, lossPercent: 0, seenEndpoint: '' },
    ]);
    const before = store.head();
    expect(control.revokeNode('a')).toBe(1);
    expect(control.revokeNode('c')).toBe(0);
    expect(store.members('lab').map((m) => m.name)).toEqual(['b', 'c']);
    expect(store.links('lab')).toEqual([]);
    const reopened = new TopologyStore(openDatabase(dir, { migrations: MIGRATIONS }));
    const changes = [...reopened.source().since(before)!].map((c) => [c.change.item?.$case, c.change.deleted]);
    expect(changes).toEqual(
      expect.arrayContaining([
        ['member', true],
        ['link', true],
        ['path', true],
      ]),
    );
    expect(reopened.head()).toBe(store.head());
  });

  it("learns the public endpoint of a member behind NAT from its peers' reports, never a relay's address", () => {
    const { control, store } = fresh();
    control.join(node('a'), join('a', KEYS[0]));
    control.join(node('b'), join('b', KEYS[1]));
    const seen = (from: string, to: string, seenEndpoint: string) =>
      control.reportLinks(node(from), 'lab', '', [{ to, up: true, latencyUs: 1000, lossPercent: 0, seenEndpoint }]);
    seen('b', 'a', '198.51.100.7:40001');
    expect(store.members('lab').find((m) => m.name === 'a')?.publicEndpoint).toBe('198.51.100.7:40001');
    // A symmetric NAT shows each peer another port: the first one learned stays, no flapping.
    seen('b', 'a', '198.51.100.7:40002');
    expect(store.members('lab').find((m) => m.name === 'a')?.publicEndpoint).toBe('198.51.100.7:40001');
    // A relay's address (another member's) is never taken for a's own.
    seen('b', 'a', '192.0.2.2:51920');
    expect(store.members('lab').find((m) => m.name === 'a')?.publicEndpoint).toBe('198.51.100.7:40001');
    // c, behind the same NAT as a, is learned at another port of that NAT's address.
    control.join(node('c'), join('c', KEYS[2]));
    seen('b', 'c', '198.51.100.7:40009');
    expect(store.members('lab').find((m) => m.name === 'c')?.publicEndpoint).toBe('198.51.100.7:40009');
    // Nor is c's inside address (where c is, behind its NAT) ever taken for b's.
    seen('a', 'b', '192.0.2.3:51921');
    expect(store.members('lab').find((m) => m.name === 'b')?.publicEndpoint).toBe('');
    // Nor does a's announced endpoint undo what was learned (a peer behind the same NAT sees it there).
    seen('b', 'a', '192.0.2.1:51820');
    expect(store.members('lab').find((m) => m.name === 'a')?.publicEndpoint).toBe('198.51.100.7:40001');
  });
});
