import { describe, expect, it } from 'vitest';
import type { Node } from '../model/node.ts';
import { applyObservation } from './observe.ts';
import { powerNode } from './power-ops.ts';
import { createInput, testInventory } from './test-inventory.ts';

const MAC = '52:54:00:00:00:01';
const phoneHome = (at: number) =>
  ({
    kind: 'boot',
    mac: MAC,
    at,
    ip: '10.0.0.5',
    step: 'phone-home',
    what: 'phoned home',
    architecture: 'x86_64',
  }) as const;
const pxe = (at: number) =>
  ({ kind: 'boot', mac: MAC, at, ip: '10.0.0.5', step: 'network-boot', what: 'script', architecture: '' }) as const;

describe('with a keys service: tokens asked for, ready only once enrolled', () => {
  it('asks for a token when a node is created, discovered or powered on', async () => {
    const asked: string[] = [];
    const { inv } = testInventory({ identity: { tokenWanted: (n: Node) => asked.push(n.name) } });
    const made = await inv.create(createInput({ name: 'n1', macs: [MAC] }));
    expect(asked).toEqual(['n1']);
    await powerNode(inv, made.id, 'on');
    await powerNode(inv, made.id, 'off');
    expect(asked).toEqual(['n1', 'n1']);
    applyObservation(inv, { ...pxe(2_000), mac: '52:54:00:00:00:02' }, undefined);
    expect(asked).toHaveLength(3);
  });

  it('keeps a node that phoned home booting until it enrolled; a refused attempt is in its history', async () => {
    const { inv, clock } = testInventory({ identity: { tokenWanted: () => {} } });
    await inv.create(createInput({ name: 'n1', macs: [MAC] }));
    applyObservation(inv, pxe(2_000), undefined);
    applyObservation(inv, phoneHome(3_000), undefined);
    expect(inv.get('n1')).toMatchObject({ architecture: 'x86_64', lifecycle: { state: 'booting' } });
    clock.now = 4_000;
    inv.recordEnrolment('n1', { at: 4_000, ok: true, reason: 'enrolled from 10.0.0.5 (certificate 1f)' });
    inv.recordEnrolment('n1', { at: 5_000, ok: false, reason: 'enrolment refused from 10.0.0.9: already used' });
    const n = inv.get('n1');
    expect(n.lifecycle.state).toBe('ready');
    expect(n.lifecycle.since).toBe(4_000);
    expect(n.lifecycle.history.slice(-2)).toEqual([
      { state: 'ready', at: 4_000, source: 'keys', reason: 'enrolled from 10.0.0.5 (certificate 1f)' },
      { state: 'ready', at: 5_000, source: 'keys', reason: 'enrolment refused from 10.0.0.9: already used' },
    ]);
    expect(inv.recordEnrolment('nobody', { at: 6_000, ok: true, reason: '' })).toBeUndefined();
  });

  it('without a keys service, phoning home still makes a node ready', async () => {
    const { inv } = testInventory();
    await inv.create(createInput({ name: 'n1', macs: [MAC] }));
    applyObservation(inv, pxe(2_000), undefined);
    applyObservation(inv, phoneHome(3_000), undefined);
    expect(inv.get('n1').lifecycle.state).toBe('ready');
  });
});
