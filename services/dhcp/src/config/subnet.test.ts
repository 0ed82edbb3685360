import { getOption, OPTION } from '@paddock/dhcp-codec';
import { describe, expect, it } from 'vitest';
import { DhcpConfig } from './config-state.ts';
import { parseDoc, reservationSchema, subnetSchema } from './schema.ts';
import { compileSubnet } from './subnet.ts';

const doc = (extra: Record<string, unknown> = {}) =>
  parseDoc(subnetSchema, { id: 'lab', cidr: '10.0.0.0/24', pools: ['10.0.0.10-10.0.0.20'], ...extra }, 'subnet lab');

describe('subnet documents', () => {
  it('compiles typed settings into option bytes, with mask and broadcast always', () => {
    const s = compileSubnet(
      doc({ routers: ['10.0.0.1'], 'dns-servers': ['10.0.0.2'], 'domain-name': 'lab', mtu: 9000 }),
    );
    expect(OPTION.subnetMask.kind.decode(getOption(s.options, 1)!)).toBe('255.255.255.0');
    expect(OPTION.broadcastAddress.kind.decode(getOption(s.options, 28)!)).toBe('10.0.0.255');
    expect(OPTION.routers.kind.decode(getOption(s.options, 3)!)).toEqual(['10.0.0.1']);
    expect(OPTION.interfaceMtu.kind.decode(getOption(s.options, 26)!)).toBe(9000);
    expect(s.leaseTimes).toEqual({ default: 3600, min: 60, max: 86_400 });
  });

  it('adds the default route to option 121, which makes clients ignore option 3 (RFC 3442)', () => {
    const s = compileSubnet(
      doc({ routers: ['10.0.0.1'], classlessRoutes: [{ destination: '192.168.0.0/16', router: '10.0.0.9' }] }),
    );
    expect(OPTION.classlessRoutes.kind.decode(getOption(s.options, 121)!)).toEqual([
      { destination: '192.168.0.0/16', router: '10.0.0.9' },
      { destination: '0.0.0.0/0', router: '10.0.0.1' },
    ]);
  });

  it('takes any option by name or code, typed or raw, and lets it override a typed one', () => {
    const s = compileSubnet(
      doc({
        options: [
          { name: 'ntp-servers', value: ['10.0.0.3'] },
          { code: 224, hex: 'deadbeef' },
          { code: 28, value: '10.0.0.254' },
        ],
      }),
    );
    expect(getOption(s.options, 42)).toEqual(Uint8Array.of(10, 0, 0, 3));
    expect(getOption(s.options, 224)).toEqual(Uint8Array.of(0xde, 0xad, 0xbe, 0xef));
    expect(OPTION.broadcastAddress.kind.decode(getOption(s.options, 28)!)).toBe('10.0.0.254');
  });

  it('refuses bad documents with a message naming the key', () => {
    expect(() => doc({ cidr: '10.0.0.0/33' })).toThrow(/subnet lab: cidr: not an IPv4 CIDR/);
    expect(() => compileSubnet(doc({ pools: ['10.0.1.1-10.0.1.5'] }))).toThrow(
      /pools\[0\].*must lie inside 10.0.0.0\/24/,
    );
    expect(() => compileSubnet(doc({ pools: ['10.0.0.10-10.0.0.20', '10.0.0.15-10.0.0.30'] }))).toThrow(/overlap/);
    expect(() => compileSubnet(doc({ pools: ['10.0.0.20-10.0.0.10'] }))).toThrow(/comes after/);
    expect(() => compileSubnet(doc({ options: [{ name: 'routers', value: 'nope' }] }))).toThrow(
      /options\[0\]: option routers/,
    );
    expect(() => compileSubnet(doc({ leaseTimes: { defaultSeconds: 10, minSeconds: 60 } }))).toThrow(
      /min <= default <= max/,
    );
    expect(() => doc({ colour: 'blue' })).toThrow(/Unrecognized key/);
  });

  it('refuses overlapping subnets and clashing reservations as a whole', () => {
    const r = (id: string, extra: object) => parseDoc(reservationSchema, { id, address: '10.0.0.5', ...extra }, 'r');
    expect(() => new DhcpConfig([doc(), doc({ id: 'b', cidr: '10.0.0.128/25', pools: [] })], [])).toThrow(
      /subnet lab \(10.0.0.0\/24\) overlaps subnet b \(10.0.0.128\/25\)/,
    );
    expect(
      () => new DhcpConfig([doc()], [r('a', { mac: '52:54:00:00:00:01' }), r('b', { mac: '52:54:00:00:00:02' })]),
    ).toThrow(/address 10.0.0.5 is already reserved by a/);
    expect(() => parseDoc(reservationSchema, { id: 'x', address: '10.0.0.5' }, 'r')).toThrow(
      /needs a mac or a client id/,
    );
  });

  it('selects subnets by relay address, by interface name, and by interface address', () => {
    const c = new DhcpConfig(
      [
        doc(),
        doc({ id: 'far', cidr: '10.9.0.0/24', pools: [], relayAddresses: ['172.16.0.1'] }),
        doc({ id: 'named', cidr: '10.8.0.0/24', pools: [], interface: 'eth7' }),
      ],
      [],
    );
    expect(c.subnetForRelay(0x0a090001)?.id).toBe('far');
    expect(c.subnetForRelay(0xac100001)?.id).toBe('far');
    expect(c.subnetForInterface('eth7', [])?.id).toBe('named');
    expect(c.subnetForInterface('eth0', [0x0a000001])?.id).toBe('lab');
    expect(c.subnetForInterface('eth1', [0x0b000001])).toBeUndefined();
  });
});
