import { getOption, messageType, OPTION, setOption } from '@paddock/dhcp-codec';
import { ipv4ToNumber } from '@paddock/wire';
import { describe, expect, it } from 'vitest';
import { DhcpConfig } from '../config/config-state.ts';
import { clientMessage, replyOf, requesting, reservationDoc, subnetDoc, testEnv } from './testkit.ts';

const MAC = '52:54:00:00:00:01';
const OTHER = '52:54:00:00:00:02';

function bound(env: ReturnType<typeof testEnv>, mac = MAC): string {
  const offered = replyOf(env.send(clientMessage('DHCPDISCOVER', mac))).yiaddr;
  const ack = replyOf(env.send(clientMessage('DHCPREQUEST', mac, requesting(offered))));
  expect(messageType(ack)).toBe('DHCPACK');
  return offered;
}

describe('REQUEST -> ACK / NAK (RFC 2131 §4.3.2)', () => {
  it('SELECTING: acknowledges the offered address and asks for its row to be committed', () => {
    const env = testEnv();
    const offered = replyOf(env.send(clientMessage('DHCPDISCOVER', MAC))).yiaddr;
    const v = env.send(clientMessage('DHCPREQUEST', MAC, requesting(offered)));
    expect(replyOf(v).yiaddr).toBe(offered);
    expect(v.kind === 'reply' && v.effects.find((e) => e.kind === 'lease')).toMatchObject({
      lease: { state: 'bound', mac: MAC, expiresAt: env.now + 3_600_000 },
    });
    expect(env.leases.get(ipv4ToNumber(offered))?.state).toBe('bound');
  });

  it('SELECTING another server: stays silent and forgets our offer', () => {
    const env = testEnv();
    const offered = replyOf(env.send(clientMessage('DHCPDISCOVER', MAC))).yiaddr;
    const v = env.send(clientMessage('DHCPREQUEST', MAC, requesting('10.0.0.100', '10.0.0.254')));
    expect(v).toMatchObject({ kind: 'drop', reason: 'foreign-server-id' });
    expect(env.leases.offerOn(ipv4ToNumber(offered), env.now)).toBeUndefined();
  });

  it('INIT-REBOOT: NAKs an address from another network, and one held by another client', () => {
    const env = testEnv();
    const theirs = bound(env, OTHER);
    const reboot = (addr: string) => clientMessage('DHCPREQUEST', MAC, (m) => setOption(m, OPTION.requestedIp, addr));
    const wrongNet = replyOf(env.send(reboot('192.168.1.50')));
    expect(messageType(wrongNet)).toBe('DHCPNAK');
    expect(new TextDecoder().decode(getOption(wrongNet.options, 56))).toMatch(/not on network 10.0.0.0\/24/);
    expect(wrongNet.yiaddr).toBe('0.0.0.0');
    expect(messageType(replyOf(env.send(reboot(theirs))))).toBe('DHCPNAK');
    expect(env.leases.get(ipv4ToNumber(theirs))?.mac).toBe(OTHER);
  });

  it('INIT-REBOOT: ACKs a free pool address (authoritative), is silent when not authoritative', () => {
    const reboot = clientMessage('DHCPREQUEST', MAC, (m) => setOption(m, OPTION.requestedIp, '10.0.0.104'));
    expect(messageType(replyOf(testEnv().send(reboot)))).toBe('DHCPACK');
    expect(testEnv({ settings: { authoritative: false } }).send(reboot)).toMatchObject({
      kind: 'drop',
      reason: 'unknown-lease',
    });
  });

  it('RENEWING: extends the lease from now and keeps its start', () => {
    const env = testEnv();
    const addr = bound(env);
    const start = env.leases.get(ipv4ToNumber(addr))!.startsAt;
    env.now += 1_800_000;
    const ack = replyOf(env.send(clientMessage('DHCPREQUEST', MAC, (m) => ({ ...m, ciaddr: addr }))));
    expect(ack.ciaddr).toBe(addr);
    const lease = env.leases.get(ipv4ToNumber(addr))!;
    expect(lease.startsAt).toBe(start);
    expect(lease.expiresAt).toBe(env.now + 3_600_000);
  });

  it('RENEWING after an admin moved the pools away: NAK', () => {
    const env = testEnv();
    const addr = bound(env);
    env.config = new DhcpConfig([subnetDoc({ pools: ['10.0.0.200-10.0.0.210'] })], []);
    const v = env.send(clientMessage('DHCPREQUEST', MAC, (m) => ({ ...m, ciaddr: addr })));
    expect(messageType(replyOf(v))).toBe('DHCPNAK');
  });

  it('a reserved client asking for another address is refused', () => {
    const env = testEnv({ reservations: [reservationDoc({ mac: MAC, address: '10.0.0.20' })] });
    const v = env.send(clientMessage('DHCPREQUEST', MAC, (m) => setOption(m, OPTION.requestedIp, '10.0.0.101')));
    expect(messageType(replyOf(v))).toBe('DHCPNAK');
  });

  it('clamps the requested lease time to the subnet bounds', () => {
    const env = testEnv();
    const ask = (s: number) => (m: Parameters<typeof setOption>[0]) =>
      setOption(requesting('10.0.0.100')(m), OPTION.leaseTime, s);
    replyOf(env.send(clientMessage('DHCPDISCOVER', MAC)));
    const long = replyOf(env.send(clientMessage('DHCPREQUEST', MAC, ask(10_000_000))));
    expect(long.options.find((o) => o.code === 51)?.data).toEqual(Uint8Array.of(0, 1, 0x51, 0x80));
    const short = replyOf(env.send(clientMessage('DHCPREQUEST', MAC, ask(5))));
    expect(short.options.find((o) => o.code === 51)?.data).toEqual(Uint8Array.of(0, 0, 0, 60));
  });

  it('waits for a conflict probe still in flight on a new address', () => {
    const env = testEnv();
    const offered = replyOf(env.send(clientMessage('DHCPDISCOVER', MAC))).yiaddr;
    env.probes.set(ipv4ToNumber(offered), 'pending');
    expect(env.send(clientMessage('DHCPREQUEST', MAC, requesting(offered)))).toEqual({
      kind: 'wait-probe',
      address: ipv4ToNumber(offered),
    });
    env.probes.set(ipv4ToNumber(offered), 'in-use');
    expect(messageType(replyOf(env.send(clientMessage('DHCPREQUEST', MAC, requesting(offered)))))).toBe('DHCPNAK');
  });

  it('moving to another address releases the old lease of the same client', () => {
    const env = testEnv();
    const first = bound(env);
    const v = env.send(clientMessage('DHCPREQUEST', MAC, (m) => setOption(m, OPTION.requestedIp, '10.0.0.108')));
    expect(messageType(replyOf(v))).toBe('DHCPACK');
    expect(env.leases.get(ipv4ToNumber(first))?.state).toBe('released');
  });
});
