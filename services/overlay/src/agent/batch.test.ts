import { describe, expect, it } from 'vitest';
import { step } from '../plan/step.ts';
import { batchSteps } from './batch.ts';

describe('agent command batches', () => {
  it('joins consecutive peer, FDB and neighbour steps into one command each, keeping plan order', () => {
    const steps = [
      step('set MTU', 'ip', 'link', 'set', 'dev', 'wg0', 'mtu', '1440'),
      step('peer a', 'wg', 'set', 'wg0', 'peer', 'KA', 'endpoint', '192.0.2.1:51820'),
      step('peer b', 'wg', 'set', 'wg0', 'peer', 'KB', 'remove'),
      step('fdb a', 'bridge', 'fdb', 'append', '00:00:00:00:00:00', 'dev', 'vx0', 'dst', '10.98.0.1'),
      step('fdb b', 'bridge', 'fdb', 'del', '02:00:00:00:00:01', 'dev', 'vx0', 'dst', '10.98.0.2'),
      step(
        'neigh a',
        'ip',
        'neigh',
        'replace',
        '10.99.0.1',
        'dev',
        'br0',
        'lladdr',
        '02:00:00:00:00:01',
        'nud',
        'permanent',
      ),
      step('key', 'wg', 'set', 'wg0', 'private-key', '/k', 'listen-port', '51820'),
    ];
    const c = batchSteps(steps);
    expect(c.map((x) => x.steps.map((s) => s.what))).toEqual([
      ['set MTU'],
      ['peer a', 'peer b'],
      ['fdb a', 'fdb b'],
      ['neigh a'],
      ['key'],
    ]);
    expect(c[1]!.argv).toEqual([
      'wg',
      'set',
      'wg0',
      'peer',
      'KA',
      'endpoint',
      '192.0.2.1:51820',
      'peer',
      'KB',
      'remove',
    ]);
    expect(c[2]!.argv).toEqual(['bridge', '-batch', '-']);
    expect(c[2]!.input).toBe(
      'fdb append 00:00:00:00:00:00 dev vx0 dst 10.98.0.1\nfdb del 02:00:00:00:00:01 dev vx0 dst 10.98.0.2\n',
    );
    // A single step runs as itself.
    expect(c[3]!.argv).toEqual(steps[5]!.argv);
    expect(c[3]!.input).toBeUndefined();
  });

  it("makes a new node's devices one ip batch and its key and peers one wg set, the key first", () => {
    const steps = [
      step('mtu', 'ip', 'link', 'set', 'dev', 'wg0', 'mtu', '1440'),
      step('addr', 'ip', 'addr', 'replace', '10.98.0.1/24', 'dev', 'wg0'),
      step('vx', 'ip', 'link', 'add', 'vx0', 'type', 'vxlan', 'id', '42', 'dev', 'wg0'),
      step('key', 'wg', 'set', 'wg0', 'private-key', '/k', 'listen-port', '51820'),
      step('peer a', 'wg', 'set', 'wg0', 'peer', 'KA', 'remove'),
      step('key again', 'wg', 'set', 'wg0', 'private-key', '/k', 'listen-port', '51820'),
    ];
    const c = batchSteps(steps);
    expect(c.map((x) => x.steps.map((s) => s.what))).toEqual([['mtu', 'addr', 'vx'], ['key', 'peer a'], ['key again']]);
    expect(c[0]!.input).toBe(
      'link set dev wg0 mtu 1440\naddr replace 10.98.0.1/24 dev wg0\nlink add vx0 type vxlan id 42 dev wg0\n',
    );
    expect(c[1]!.argv).toEqual([
      'wg',
      'set',
      'wg0',
      'private-key',
      '/k',
      'listen-port',
      '51820',
      'peer',
      'KA',
      'remove',
    ]);
  });

  it('never joins a daemon, another device, or more than 128 steps', () => {
    const peers = Array.from({ length: 134 }, (_, i) => step(`p${i}`, 'wg', 'set', 'wg0', 'peer', `K${i}`, 'remove'));
    const other = step('other', 'wg', 'set', 'wg1', 'peer', 'K', 'remove');
    const daemon = { what: 'start', argv: ['wireguard-go', '-f', 'wg0'], daemon: true };
    expect(batchSteps([...peers, other, daemon]).map((c) => c.steps.length)).toEqual([128, 6, 1, 1]);
  });
});
