import { type DhcpMessage, getOption, OPTION, setOption } from '@paddock/dhcp-codec';
import { describe, expect, it } from 'vitest';
import { clientMessage, replyOf, subnetDoc, testEnv } from './testkit.ts';

const PRL = [3, 1, 6, 51, 82];
const relayed =
  (circuit: number, prl = PRL) =>
  (m: DhcpMessage) => ({
    ...setOption(m, OPTION.parameterRequestList, prl),
    giaddr: '10.0.0.254',
    hops: 1,
    options: [
      ...setOption(m, OPTION.parameterRequestList, prl).options,
      { code: 82, data: Uint8Array.of(1, 1, circuit) },
    ],
  });
const codes = (m: DhcpMessage) => m.options.map((o) => o.code);

describe('shared reply options', () => {
  it('give the second client of a kind the reply the first got, with its own relay information', () => {
    const env = testEnv({ subnets: [subnetDoc({ options: [{ name: 'ntp-servers', value: ['10.0.0.9'] }] })] });
    const first = replyOf(env.send(clientMessage('DHCPDISCOVER', '52:54:00:00:00:01', relayed(7))));
    const second = replyOf(env.send(clientMessage('DHCPDISCOVER', '52:54:00:00:00:02', relayed(9))));
    expect(codes(second)).toEqual(codes(first));
    expect(codes(first)).toEqual([53, 3, 1, 6, 51, 82, 54, 58, 59]);
    expect(getOption(first.options, 82)).toEqual(Uint8Array.of(1, 1, 7));
    expect(getOption(second.options, 82)).toEqual(Uint8Array.of(1, 1, 9));
    const rest = (m: DhcpMessage) => m.options.filter((o) => o.code !== 82);
    expect(rest(second)).toEqual(rest(first));
    expect(second.yiaddr).not.toBe(first.yiaddr);
  });

  it('keep lists apart by request list and by lease time', () => {
    const env = testEnv();
    const a = replyOf(env.send(clientMessage('DHCPDISCOVER', '52:54:00:00:00:01', relayed(1, [1, 3]))));
    const b = replyOf(env.send(clientMessage('DHCPDISCOVER', '52:54:00:00:00:02', relayed(1, [3]))));
    expect(codes(a)).toEqual([53, 1, 3, 54, 51, 58, 59, 82]);
    expect(codes(b)).toEqual([53, 3, 54, 51, 58, 59, 82]);
    const asking = (m: DhcpMessage) => setOption(m, OPTION.leaseTime, 120);
    const short = replyOf(env.send(clientMessage('DHCPDISCOVER', '52:54:00:00:00:03', asking)));
    const plain = replyOf(env.send(clientMessage('DHCPDISCOVER', '52:54:00:00:00:04')));
    expect([short, plain].map((m) => m.options.find((o) => o.code === 51)?.data)).toEqual([
      Uint8Array.of(0, 0, 0, 120),
      Uint8Array.of(0, 0, 14, 16),
    ]);
  });

  it('leave an option 82 the subnet configures alone when no relay sent one', () => {
    const env = testEnv({ subnets: [subnetDoc({ options: [{ code: 82, hex: '0102' }] })] });
    for (const mac of ['52:54:00:00:00:01', '52:54:00:00:00:02']) {
      const offer = replyOf(env.send(clientMessage('DHCPDISCOVER', mac)));
      expect(getOption(offer.options, 82)).toEqual(Uint8Array.of(1, 2));
    }
  });

  it('are frozen, so no reply can change another', () => {
    const env = testEnv();
    replyOf(env.send(clientMessage('DHCPDISCOVER', '52:54:00:00:00:01')));
    const offer = replyOf(env.send(clientMessage('DHCPDISCOVER', '52:54:00:00:00:02')));
    expect(() => offer.options.push({ code: 12, data: Uint8Array.of(1) })).toThrow(TypeError);
  });
});
