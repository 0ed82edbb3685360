import { describe, expect, it } from 'vitest';
import { member, sampleState } from './fixtures.ts';
import { validateState } from './validate.ts';

const errorsOf = (input: unknown): string[] => {
  const v = validateState(input);
  return v.ok ? [] : v.errors;
};

describe('validateState', () => {
  it('resolves a valid network from the node point of view, with MTUs and derived MACs', () => {
    const v = validateState(sampleState());
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const [net] = v.networks;
    expect(net!.self.name).toBe('n1');
    expect(net!.peers.map((p) => p.name)).toEqual(['n2', 'n3']);
    expect(net!.mtu).toEqual({ wireguard: 1440, vxlan: 1390, bridge: 1390 });
    expect(net!.ifs).toEqual({ wireguard: 'wg-lab', vxlan: 'vx-lab', bridge: 'br-lab' });
    expect(net!.self.mac).toMatch(/^[0-9a-f][26ae](:[0-9a-f]{2}){5}$/);
  });

  it('refuses an MTU too small for the encapsulation', () => {
    const s = sampleState();
    s.networks[0]!.underlayMtu = 1350;
    expect(errorsOf(s)).toEqual([
      expect.stringMatching(/network lab: underlay MTU 1350 leaves 1240 bytes.*at least 1390/),
    ]);
  });

  it('accounts for IPv6 underlay headers', () => {
    const s = sampleState([member(1), member(2, { endpoint: '[2001:db8::2]:51820' })]);
    s.networks[0]!.underlayMtu = 1400;
    expect(errorsOf(s).join()).toMatch(/IPv6 underlay.*at least 1410/);
  });

  it('refuses a member claiming another member key or address', () => {
    const s = sampleState([
      member(1),
      member(2),
      member(3, { publicKey: member(2).publicKey, address: '10.99.0.1/24' }),
    ]);
    expect(errorsOf(s)).toEqual([
      expect.stringMatching(/member n3 claims public key \S+, already held by member n2/),
      expect.stringMatching(/member n3 claims address 10\.99\.0\.1, already held by member n1/),
    ]);
  });

  it('refuses overlapping networks, shared VNIs and ports', () => {
    const s = sampleState();
    s.networks.push({ ...s.networks[0]!, name: 'other', subnet: '10.99.0.128/25', transit: '10.97.0.0/24' });
    const errors = errorsOf(s);
    expect(errors).toContain('networks lab and other both use VNI 42');
    expect(errors).toContain('networks lab and other both listen on UDP 51820');
    expect(errors.join()).toMatch(/network other overlaps network lab/);
  });

  it('names bad fields: addresses outside the subnet, keys, endpoints, a node that is not a member', () => {
    const s = sampleState([member(1, { address: '10.1.0.1/24', endpoint: 'host:1' }), member(2)]);
    s.node = 'nobody';
    const errors = errorsOf(s).join('\n');
    expect(errors).toMatch(/member n1: address 10\.1\.0\.1\/24 is not inside the network's 10\.99\.0\.0\/24/);
    expect(errors).toMatch(/endpoint "host:1" is not/);
    expect(errors).toMatch(/this node \(nobody\) is not one of its members/);
    expect(errorsOf({ ...sampleState(), node: 'n1', networks: [{ ...sampleState().networks[0], vni: 0 }] })).toEqual([
      expect.stringMatching(/^networks\.0\.vni: /),
    ]);
    expect(errorsOf(sampleState([member(1, { publicKey: 'short' })]))[0]).toMatch(/publicKey: a base64 WireGuard key/);
  });
});
