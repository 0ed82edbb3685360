import { OPTION, setOption } from '@paddock/dhcp-codec';
import { ipv4ToNumber } from '@paddock/wire';
import { describe, expect, it } from 'vitest';
import { clientMessage, replyOf, requesting, testEnv } from './testkit.ts';

const MAC = '52:54:00:00:00:01';

function bind(env: ReturnType<typeof testEnv>, mac = MAC): string {
  const addr = replyOf(env.send(clientMessage('DHCPDISCOVER', mac))).yiaddr;
  replyOf(env.send(clientMessage('DHCPREQUEST', mac, requesting(addr))));
  return addr;
}

describe('RELEASE and DECLINE', () => {
  it('RELEASE by the holder frees the address but keeps it sticky for that client', () => {
    const env = testEnv();
    const addr = bind(env);
    const v = env.send(
      clientMessage('DHCPRELEASE', MAC, (m) => setOption({ ...m, ciaddr: addr }, OPTION.serverId, '10.0.0.1')),
    );
    expect(v.kind).toBe('accept');
    expect(env.leases.get(ipv4ToNumber(addr))?.state).toBe('released');
    bind(env, '52:54:00:00:00:02');
    expect(replyOf(env.send(clientMessage('DHCPDISCOVER', MAC))).yiaddr).toBe(addr);
  });

  it('RELEASE by anyone else is dropped and changes nothing', () => {
    const env = testEnv();
    const addr = bind(env);
    const v = env.send(clientMessage('DHCPRELEASE', '52:54:00:00:00:09', (m) => ({ ...m, ciaddr: addr })));
    expect(v).toMatchObject({ kind: 'drop', reason: 'not-lease-holder' });
    expect(env.leases.get(ipv4ToNumber(addr))?.state).toBe('bound');
  });

  it('DECLINE quarantines the address for declineSeconds, for everyone', () => {
    const env = testEnv({ settings: { declineSeconds: 100 } });
    const addr = bind(env);
    const decline = clientMessage('DHCPDECLINE', MAC, (m) => setOption(m, OPTION.requestedIp, addr));
    expect(env.send(decline).kind).toBe('accept');
    const ask = (mac: string) =>
      replyOf(env.send(clientMessage('DHCPDISCOVER', mac, (m) => setOption(m, OPTION.requestedIp, addr)))).yiaddr;
    expect(ask(MAC)).not.toBe(addr);
    expect(ask('52:54:00:00:00:02')).not.toBe(addr);
    env.now += 101_000;
    expect(ask('52:54:00:00:00:03')).toBe(addr);
  });

  it('DECLINE of an address the client was never given is dropped', () => {
    const env = testEnv();
    const addr = bind(env);
    const v = env.send(
      clientMessage('DHCPDECLINE', '52:54:00:00:00:05', (m) => setOption(m, OPTION.requestedIp, addr)),
    );
    expect(v).toMatchObject({ kind: 'drop', reason: 'not-lease-holder' });
    expect(env.leases.get(ipv4ToNumber(addr))?.state).toBe('bound');
  });
});
