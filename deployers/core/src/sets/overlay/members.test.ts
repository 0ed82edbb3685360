import { describe, expect, it } from 'vitest';
import { planMembers } from './members.ts';

const net = { name: 'lab', subnet: '10.99.0.0/24', transit: '10.98.0.0/24', vni: 1, listenPort: 51820 };

describe('overlay member addresses', () => {
  it('numbers hosts by their place in the list, endpoints on the SSH address', () => {
    const m = planMembers(net, [
      { name: 'a', address: '192.168.1.5' },
      { name: 'b', address: '192.168.1.9' },
    ]);
    expect(m.map((x) => [x.address, x.tunnelAddress, x.endpoint])).toEqual([
      ['10.99.0.1/24', '10.98.0.1/24', '192.168.1.5:51820'],
      ['10.99.0.2/24', '10.98.0.2/24', '192.168.1.9:51820'],
    ]);
  });

  it('refuses a bad subnet, a full subnet and a host listed twice', () => {
    expect(() => planMembers({ ...net, subnet: '10.99.0.0' }, [])).toThrow(/subnet: not an IPv4/);
    const many = Array.from({ length: 3 }, (_, i) => ({ name: `h${i}`, address: `10.0.0.${i}` }));
    expect(() => planMembers({ ...net, subnet: '10.99.0.0/30' }, many)).toThrow(/no room for 3 hosts/);
    expect(() => planMembers(net, [many[0]!, many[0]!])).toThrow(/listed twice/);
  });
});
