import { Node } from '@paddock/proto/inventory/v1/inventory.ts';
import { describe, expect, it } from 'vitest';
import { historyLines, nodeFields, nodeRow } from './format.ts';
import { pairs } from './nodes.ts';

const node = Node.fromJSON({
  id: 'id-1',
  name: 'vm1',
  labels: { rack: '2', gpu: '' },
  nics: [{ mac: '52:54:00:00:00:01', vendor: 'QEMU' }],
  addresses: [{ ip: '10.0.0.5', source: 'ADDRESS_SOURCE_DHCP' }],
  architecture: 'x86_64',
  firmware: 'FIRMWARE_BIOS',
  provider: { name: 'qemu', options: { cpus: '2' } },
  power: { desired: 'POWER_STATE_ON', observed: 'POWER_STATE_OFF', lastError: 'bridge gone', failures: 2 },
  lifecycle: {
    state: 'LIFECYCLE_STATE_READY',
    sinceUnixMs: '2000',
    history: [{ state: 'LIFECYCLE_STATE_READY', atUnixMs: '2000', reason: 'phoned home', source: 'boot' }],
  },
});

describe('node output', () => {
  it('shows one row per node, power moving towards what is desired', () => {
    expect(nodeRow(node)).toEqual([
      'vm1',
      'ready',
      'off→on',
      '52:54:00:00:00:01',
      '10.0.0.5',
      'x86_64/bios',
      'qemu',
      'rack=2,gpu',
    ]);
  });

  it('details a node, its power error and its history', () => {
    const fields = Object.fromEntries(nodeFields(node));
    expect(fields).toMatchObject({
      'power error': 'bridge gone (2 in a row)',
      addresses: '10.0.0.5 (dhcp)',
      nics: '52:54:00:00:00:01 (QEMU)',
    });
    expect(historyLines(node)).toEqual(['  1970-01-01T00:00:02.000Z  ready       boot     phoned home']);
  });

  it('reads key=value flags, and says when one is not', () => {
    expect(pairs(['rack=2', 'note=a=b'])).toEqual({ rack: '2', note: 'a=b' });
    expect(() => pairs(['rack'])).toThrow('--label "rack": write key=value');
  });
});
