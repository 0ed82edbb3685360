import { describe, expect, it } from 'vitest';
import { bootConfigSchema, resolveBootSettings } from './config.ts';

const parse = (o: object) => bootConfigSchema.parse(o);

describe('boot settings', () => {
  it('listen on the interface address by default, with blocks sized to its MTU', () => {
    const s = resolveBootSettings(parse({ interface: 'eth0', proxyDhcp: 'true' }), { address: '10.77.0.1', mtu: 1500 });
    expect(s).toMatchObject({
      proxyDhcp: true,
      routerAdvert: false,
      tftpListen: { host: '10.77.0.1', port: 69 },
      bootHttpListen: { host: '10.77.0.1', port: 8080 },
      advertiseAddress: '10.77.0.1',
      maxBlksize: 1468,
    });
  });

  it('listen nowhere without an interface, unless told where', () => {
    expect(resolveBootSettings(parse({}))).toMatchObject({ tftpListen: undefined, bootHttpListen: undefined });
    const s = resolveBootSettings(parse({ bootHttpListen: '127.0.0.1:0', advertiseAddress: '127.0.0.1' }));
    expect(s.bootHttpListen).toEqual({ host: '127.0.0.1', port: 0 });
  });

  it('refuse proxyDHCP without an interface, and an interface without an address', () => {
    expect(() => resolveBootSettings(parse({ proxyDhcp: true }))).toThrow(/--proxy-dhcp needs --interface/);
    expect(() => resolveBootSettings(parse({ routerAdvert: 'true' }))).toThrow(/--router-advert needs --interface/);
    expect(() => resolveBootSettings(parse({ interface: 'eth0' }), { address: undefined, mtu: 1500 })).toThrow(
      /no IPv4 address/,
    );
    expect(() => resolveBootSettings(parse({ tftpListen: '0.0.0.0:69' }))).toThrow(/--advertise-address/);
    expect(() => parse({ urlTtl: '5' })).toThrow();
  });
});
