import { expect, it } from 'vitest';
import { emptyHardware, type Hardware } from '../model/hardware.ts';
import { initialLifecycle } from '../model/lifecycle.ts';
import { initialPower, type Node } from '../model/node.ts';
import type { NodeStore } from './store.ts';

/** A node for store tests. */
export function testNode(id: string, name: string, macs: string[] = []): Node {
  return {
    id,
    name,
    labels: { rack: '1' },
    nics: macs.map((mac) => ({ mac, vendor: '' })),
    addresses: [],
    architecture: '',
    firmware: '',
    vendor: '',
    provider: { name: 'metal', options: {} },
    power: initialPower(1),
    lifecycle: initialLifecycle(1, 'created', 'api'),
    bootRule: '',
    description: '',
    createdAt: 1,
    updatedAt: 1,
    lastSeenAt: 0,
    revision: 0n,
  };
}

/** The behaviour every NodeStore must have; each store's test file runs it. */
export function storeContract(make: () => NodeStore): void {
  it('creates, finds by id, name and MAC, and lists by name', () => {
    const s = make();
    expect(
      s.commit({ writes: [{ kind: 'put', node: testNode('b', 'beta', ['52:54:00:00:00:02']), create: true }] }),
    ).toMatchObject({ ok: true, revision: 1n });
    s.commit({ writes: [{ kind: 'put', node: testNode('a', 'alpha', ['52:54:00:00:00:01']), create: true }] });
    expect(s.find('b')?.name).toBe('beta');
    expect(s.find('alpha')?.id).toBe('a');
    expect(s.find('52:54:00:00:00:02')?.id).toBe('b');
    expect(s.find('52:54:00:00:00:09')).toBeUndefined();
    const { nodes, revision } = s.list();
    expect(nodes.map((n) => [n.name, n.revision])).toEqual([
      ['alpha', 2n],
      ['beta', 1n],
    ]);
    expect(revision).toBe(2n);
  });

  it('keeps hardware facts whole, and reads a node stored without them', () => {
    const s = make();
    const bare = testNode('a', 'alpha');
    s.commit({ writes: [{ kind: 'put', node: bare, create: true }] });
    expect(s.find('a')?.hardware).toBeUndefined();
    const hardware: Hardware = {
      ...emptyHardware(5),
      cpu: { model: 'Xeon', threads: 64, cores: 32, sockets: 2 },
      memory: { installedBytes: 2 ** 40, usableBytes: 2 ** 40 - 2 ** 30 },
      disks: [{ name: 'nvme0n1', sizeBytes: 3_840_755_982_336, model: 'PM9A3', serial: 'S64H', rotational: false }],
      nics: [{ name: 'eno1', mac: '52:54:00:00:00:01', driver: 'mlx5_core', speedMbps: 25_000 }],
    };
    s.commit({ writes: [{ kind: 'put', node: { ...s.find('a')!, hardware } }] });
    expect(s.find('alpha')?.hardware).toEqual(hardware);
    expect(s.list().nodes[0]?.hardware).toEqual(hardware);
  });

  it('refuses a taken name, a taken MAC, a duplicate id and a stale revision, changing nothing', () => {
    const s = make();
    s.commit({ writes: [{ kind: 'put', node: testNode('a', 'alpha', ['52:54:00:00:00:01']), create: true }] });
    const refused = [
      { kind: 'put' as const, node: testNode('b', 'alpha'), create: true },
      { kind: 'put' as const, node: testNode('b', 'beta', ['52:54:00:00:00:01']), create: true },
      { kind: 'put' as const, node: testNode('a', 'again'), create: true },
      { kind: 'put' as const, node: testNode('a', 'alpha'), expectedRevision: 7n },
      { kind: 'delete' as const, id: 'nope' },
    ];
    const kinds = refused.map((w) => {
      const r = s.commit({ writes: [w], cursor: { feed: 'dhcp', revision: 9n } });
      return r.ok ? 'ok' : r.conflict.kind;
    });
    expect(kinds).toEqual(['name-taken', 'mac-taken', 'exists', 'revision', 'not-found']);
    expect(s.list().revision).toBe(1n);
    expect(s.cursor('dhcp')).toBe(0n);
    expect(s.list().nodes.map((n) => n.name)).toEqual(['alpha']);
  });

  it('applies a batch all or nothing', () => {
    const s = make();
    const r = s.commit({
      writes: [
        { kind: 'put', node: testNode('a', 'alpha'), create: true },
        { kind: 'put', node: testNode('b', 'alpha'), create: true },
      ],
    });
    expect(r.ok).toBe(false);
    expect(s.list()).toEqual({ nodes: [], revision: 0n });
  });

  it('frees a MAC when its NIC is removed or its node deleted', () => {
    const s = make();
    s.commit({ writes: [{ kind: 'put', node: testNode('a', 'alpha', ['52:54:00:00:00:01']), create: true }] });
    s.commit({ writes: [{ kind: 'put', node: testNode('a', 'alpha', []) }] });
    expect(s.find('52:54:00:00:00:01')).toBeUndefined();
    s.commit({ writes: [{ kind: 'put', node: testNode('b', 'beta', ['52:54:00:00:00:01']), create: true }] });
    s.commit({ writes: [{ kind: 'delete', id: 'b' }] });
    const r = s.commit({
      writes: [{ kind: 'put', node: testNode('c', 'gamma', ['52:54:00:00:00:01']), create: true }],
    });
    expect(r.ok).toBe(true);
  });

  it('replays changes after a revision, and saves a cursor with its writes', () => {
    const s = make();
    s.commit({ writes: [{ kind: 'put', node: testNode('a', 'alpha'), create: true }] });
    s.commit({
      writes: [{ kind: 'put', node: { ...testNode('a', 'alpha'), description: 'x' } }],
      cursor: { feed: 'boot', revision: 41n },
    });
    s.commit({ writes: [{ kind: 'delete', id: 'a' }] });
    expect(s.changesSince(1n)?.map((c) => [c.kind, c.revision, c.node.description])).toEqual([
      ['updated', 2n, 'x'],
      ['deleted', 3n, 'x'],
    ]);
    expect(s.changesSince(0n)).toHaveLength(3);
    expect(s.changesSince(3n)).toEqual([]);
    // A revision from the future (another database) cannot be resumed.
    expect(s.changesSince(4n)).toBeUndefined();
    expect(s.cursor('boot')).toBe(41n);
  });
}
