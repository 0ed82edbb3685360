import { messageType, OPTION, readOption, setOption } from '@paddock/dhcp-codec';
import { ipv4ToNumber } from '@paddock/wire';
import { describe, expect, it } from 'vitest';
import { clientMessage, replyOf, reservationDoc, SERVER, subnetDoc, testEnv } from './testkit.ts';

const MAC = '52:54:00:00:00:01';

describe('DISCOVER -> OFFER', () => {
  it('offers the first pool address with lease times, server id and the subnet options', () => {
    const env = testEnv();
    const offer = replyOf(env.send(clientMessage('DHCPDISCOVER', MAC)));
    expect(messageType(offer)).toBe('DHCPOFFER');
    expect(offer.yiaddr).toBe('10.0.0.100');
    expect(offer.xid).toBe(0x1234);
    expect(readOption(offer, OPTION.serverId)).toBe(SERVER);
    expect(readOption(offer, OPTION.leaseTime)).toBe(3600);
    expect(readOption(offer, OPTION.renewalTime)).toBe(1800);
    expect(readOption(offer, OPTION.rebindingTime)).toBe(3150);
    expect(readOption(offer, OPTION.subnetMask)).toBe('255.255.255.0');
    expect(readOption(offer, OPTION.routers)).toEqual([SERVER]);
    expect(readOption(offer, OPTION.dnsServers)).toEqual(['10.0.0.53']);
  });

  it('holds an offered address: two clients get different addresses, the same client the same', () => {
    const env = testEnv();
    const a = replyOf(env.send(clientMessage('DHCPDISCOVER', MAC))).yiaddr;
    const b = replyOf(env.send(clientMessage('DHCPDISCOVER', '52:54:00:00:00:02'))).yiaddr;
    const again = replyOf(env.send(clientMessage('DHCPDISCOVER', MAC))).yiaddr;
    expect(a).not.toBe(b);
    expect(again).toBe(a);
  });

  it('frees an offer after offerSeconds', () => {
    const env = testEnv({ settings: { offerSeconds: 5 } });
    const a = replyOf(env.send(clientMessage('DHCPDISCOVER', MAC))).yiaddr;
    env.now += 6000;
    // The cursor moved on, so ask for it explicitly: it is free again.
    const b = replyOf(
      env.send(clientMessage('DHCPDISCOVER', '52:54:00:00:00:02', (m) => setOption(m, OPTION.requestedIp, a))),
    );
    expect(b.yiaddr).toBe(a);
  });

  it('honours a requested address when free, never the router or a reserved one', () => {
    const env = testEnv({ reservations: [reservationDoc({ mac: '52:54:00:00:00:09', address: '10.0.0.105' })] });
    const ask = (addr: string, mac = MAC) =>
      replyOf(env.send(clientMessage('DHCPDISCOVER', mac, (m) => setOption(m, OPTION.requestedIp, addr)))).yiaddr;
    expect(ask('10.0.0.107')).toBe('10.0.0.107');
    expect(ask('10.0.0.105', '52:54:00:00:00:02')).not.toBe('10.0.0.105');
    expect(ask('10.0.0.1', '52:54:00:00:00:03')).not.toBe('10.0.0.1');
  });

  it('gives a reserved client its address even outside the pools, with the reservation host name', () => {
    const env = testEnv({ reservations: [reservationDoc({ mac: MAC, address: '10.0.0.20', hostname: 'node-1' })] });
    const offer = replyOf(env.send(clientMessage('DHCPDISCOVER', MAC)));
    expect(offer.yiaddr).toBe('10.0.0.20');
    expect(readOption(offer, OPTION.hostname)).toBe('node-1');
  });

  it('matches a reservation by client id (option 61) before the MAC', () => {
    const env = testEnv({ reservations: [reservationDoc({ clientId: 'ff:00:00:00:01', address: '10.0.0.30' })] });
    const withId = clientMessage('DHCPDISCOVER', '52:54:00:00:00:07', (m) =>
      setOption(m, OPTION.clientId, 'ff00000001'),
    );
    expect(replyOf(env.send(withId)).yiaddr).toBe('10.0.0.30');
    expect(replyOf(env.send(clientMessage('DHCPDISCOVER', '52:54:00:00:00:08'))).yiaddr).not.toBe('10.0.0.30');
  });

  it('drops with pool-exhausted when every address is held', () => {
    const env = testEnv({ subnets: [subnetDoc({ pools: ['10.0.0.100-10.0.0.101'] })] });
    env.send(clientMessage('DHCPDISCOVER', '52:54:00:00:00:01'));
    env.send(clientMessage('DHCPDISCOVER', '52:54:00:00:00:02'));
    const v = env.send(clientMessage('DHCPDISCOVER', '52:54:00:00:00:03'));
    expect(v).toMatchObject({ kind: 'drop', reason: 'pool-exhausted' });
  });

  it('asks for a probe of a new address, skips one a probe found in use', () => {
    const env = testEnv();
    env.probes.set(ipv4ToNumber('10.0.0.100'), 'in-use');
    const v = env.send(clientMessage('DHCPDISCOVER', MAC));
    expect(replyOf(v).yiaddr).toBe('10.0.0.101');
    expect(v.kind === 'reply' && v.effects).toContainEqual({ kind: 'probe', address: ipv4ToNumber('10.0.0.101') });
  });

  it('answers with only the options asked for, in the order asked (RFC 2132 §9.8)', () => {
    const env = testEnv({ subnets: [subnetDoc({ domainName: 'lab.example', ntpServers: ['10.0.0.2'] })] });
    const prl = (m: Parameters<typeof setOption>[0]) => setOption(m, OPTION.parameterRequestList, [6, 15, 1]);
    const offer = replyOf(env.send(clientMessage('DHCPDISCOVER', MAC, prl)));
    const codes = offer.options.map((o) => o.code);
    expect(codes[0]).toBe(53);
    expect(codes.filter((c) => [1, 6, 15].includes(c))).toEqual([6, 15, 1]);
    expect(codes).not.toContain(42);
    expect(codes).not.toContain(3);
    expect(codes).toEqual(expect.arrayContaining([54, 51, 58, 59]));
  });
});
