import type { DhcpMessage } from '@paddock/dhcp-codec';
import { messageType, OPTION, setOption } from '@paddock/dhcp-codec';
import { describe, expect, it } from 'vitest';
import { clientMessage, replyOf, requesting, subnetDoc, testEnv } from './testkit.ts';

const MAC = '52:54:00:00:00:01';
/** iPXE sends option 61 = htype 1 + MAC; the UEFI firmware before it sent none. */
const withClientId = (m: DhcpMessage) => setOption(m, OPTION.clientId, '01:52:54:00:00:00:01');

function bind(env: ReturnType<typeof testEnv>, set: (m: DhcpMessage) => DhcpMessage = (m) => m): string {
  const offered = replyOf(env.send(clientMessage('DHCPDISCOVER', MAC, set))).yiaddr;
  const ack = replyOf(env.send(clientMessage('DHCPREQUEST', MAC, (m) => requesting(offered)(set(m)))));
  expect(messageType(ack)).toBe('DHCPACK');
  return offered;
}

describe('identify by MAC (per subnet)', () => {
  it('gives firmware without option 61 and iPXE with it one lease when the subnet says so', () => {
    const env = testEnv({ subnets: [subnetDoc({ identifyByMac: true })] });
    const firmware = bind(env);
    const ipxe = bind(env, withClientId);
    expect(ipxe).toBe(firmware);
    expect([...env.leases.values()].filter((l) => l.mac === MAC && l.state === 'bound')).toHaveLength(1);
  });

  it('tells them apart by default (RFC 2131 §4.2: option 61 identifies the client)', () => {
    const env = testEnv();
    const firmware = bind(env);
    const ipxe = bind(env, withClientId);
    expect(ipxe).not.toBe(firmware);
  });
});
