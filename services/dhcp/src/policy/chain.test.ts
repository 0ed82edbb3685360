import { BOOTREPLY, getOption, messageType, OPTION, setOption } from '@paddock/dhcp-codec';
import { describe, expect, it } from 'vitest';
import { clientMessage, replyOf, subnetDoc, testEnv } from './testkit.ts';

const MAC = '52:54:00:00:00:01';

describe('the request chain', () => {
  it('drops replies, server-only message types and clients without identity, with reasons', () => {
    const env = testEnv();
    expect(env.send({ ...clientMessage('DHCPDISCOVER', MAC), op: BOOTREPLY })).toMatchObject({
      reason: 'not-a-request',
    });
    expect(env.send(clientMessage('DHCPOFFER', MAC))).toMatchObject({ reason: 'unsupported-message-type' });
    expect(env.send(clientMessage('DHCPDISCOVER', '00:00:00:00:00:00'))).toMatchObject({
      reason: 'no-client-identity',
    });
  });

  it('selects the subnet by giaddr for relayed requests, and names the address the relay reached', () => {
    const env = testEnv({
      subnets: [
        subnetDoc(),
        subnetDoc({ id: 'far', cidr: '10.9.0.0/24', pools: ['10.9.0.10-10.9.0.20'], routers: ['10.9.0.1'] }),
      ],
    });
    const relayed = clientMessage('DHCPDISCOVER', MAC, (m) => ({ ...m, giaddr: '10.9.0.1', hops: 1 }));
    const offer = replyOf(env.send(relayed, { destination: '10.0.0.1' }));
    expect(offer.yiaddr).toBe('10.9.0.10');
    expect(offer.giaddr).toBe('10.9.0.1');
    expect(env.send(clientMessage('DHCPDISCOVER', MAC, (m) => ({ ...m, giaddr: '172.16.0.1' })))).toMatchObject({
      kind: 'drop',
      reason: 'no-subnet',
    });
  });

  it('serves a directly attached client only from the subnet of the interface it came in on', () => {
    const env = testEnv({ subnets: [subnetDoc({ interface: 'eth1' })] });
    expect(env.send(clientMessage('DHCPDISCOVER', MAC))).toMatchObject({ kind: 'drop', reason: 'no-subnet' });
    expect(replyOf(env.send(clientMessage('DHCPDISCOVER', MAC), { ifname: 'eth1' })).yiaddr).toBe('10.0.0.100');
  });

  it('echoes option 82 byte for byte (RFC 3046 §2.2)', () => {
    const env = testEnv({ subnets: [subnetDoc({ cidr: '10.0.0.0/24' })] });
    const info = Uint8Array.of(1, 4, 0xde, 0xad, 0xbe, 0xef, 2, 2, 0, 1);
    const m = clientMessage('DHCPDISCOVER', MAC, (x) => ({
      ...x,
      giaddr: '10.0.0.2',
      options: [...x.options, { code: 82, data: info }],
    }));
    const offer = replyOf(env.send(m, { destination: '10.0.0.1' }));
    expect(getOption(offer.options, 82)).toEqual(info);
    expect(offer.options.at(-1)?.code).toBe(82);
  });

  it('answers INFORM with configuration and no lease (RFC 2131 §4.3.5)', () => {
    const env = testEnv();
    const ack = replyOf(env.send(clientMessage('DHCPINFORM', MAC, (m) => ({ ...m, ciaddr: '10.0.0.77' }))));
    expect(messageType(ack)).toBe('DHCPACK');
    expect(ack.yiaddr).toBe('0.0.0.0');
    expect(ack.ciaddr).toBe('10.0.0.77');
    expect(getOption(ack.options, OPTION.leaseTime.code)).toBeUndefined();
    expect(getOption(ack.options, OPTION.routers.code)).toBeDefined();
    expect(env.leases.size).toBe(0);
  });

  it('drops a REQUEST naming a foreign server without touching leases', () => {
    const env = testEnv();
    const v = env.send(
      clientMessage('DHCPREQUEST', MAC, (m) =>
        setOption(setOption(m, OPTION.serverId, '10.0.0.9'), OPTION.requestedIp, '10.0.0.100'),
      ),
    );
    expect(v).toMatchObject({ kind: 'drop', reason: 'foreign-server-id' });
    expect(env.leases.size).toBe(0);
  });
});
