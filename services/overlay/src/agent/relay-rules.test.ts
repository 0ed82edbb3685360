import { describe, expect, it } from 'vitest';
import { relayRuleset, relayTable, removeRuleset } from './relay-rules.ts';

const pair = { portA: 51920, portB: 51921, a: '192.168.77.1:51820', b: '192.168.77.2:51820' };

describe('relay ruleset', () => {
  it('sends each side on to the other from the other port, and replaces the table whole', () => {
    const r = relayRuleset('paddock_relay_lab', [pair]);
    expect(r.startsWith('table inet paddock_relay_lab {}\ndelete table inet paddock_relay_lab\n')).toBe(true);
    expect(r).toContain('ip saddr 192.168.77.1 udp dport 51920 dnat ip to 192.168.77.2:51820');
    expect(r).toContain('ip saddr 192.168.77.2 udp dport 51921 dnat ip to 192.168.77.1:51820');
    expect(r).toContain('ct original ip saddr 192.168.77.1 ct original proto-dst 51920 masquerade to :51921');
    expect(r).toContain('ct original ip saddr 192.168.77.2 ct original proto-dst 51921 masquerade to :51920');
  });

  it('lets only the side behind NAT open its pair, answered at the port its NAT chose', () => {
    const r = relayRuleset('t', [{ ...pair, nat: 'b' }]);
    // a's packets go on to b's NAT only as answers to what b sent: no DNAT towards b, new ones dropped.
    expect(r).not.toContain('dnat ip to 192.168.77.2:51820');
    expect(r).toContain('ip saddr 192.168.77.1 udp dport 51920 ct state new drop');
    expect(r).toContain('ip saddr 192.168.77.2 udp dport 51921 dnat ip to 192.168.77.1:51820');
    expect(r).toContain('ct original ip saddr 192.168.77.2 ct original proto-dst 51921 masquerade to :51920');
    expect(r).not.toContain('proto-dst 51920');
  });

  it('joins two sides behind NAT at the ports their own packets came from', () => {
    const r = relayRuleset('t', [{ ...pair, nat: 'both' }]);
    // Each side's first packet is remembered under the other side's port ("what arrives there goes here")...
    expect(r).toContain(
      'ip saddr 192.168.77.1 udp dport 51920 ct state new add @learned_ip { 51921 : ip saddr . udp sport }',
    );
    expect(r).toContain(
      'ip saddr 192.168.77.2 udp dport 51921 ct state new add @learned_ip { 51920 : ip saddr . udp sport }',
    );
    // ...and the other's is sent there, or dropped (no flow may hold the tuple) until there is one.
    expect(r).toContain('ip saddr 192.168.77.1 udp dport 51920 dnat ip to udp dport map @learned_ip\n');
    expect(r).toContain('ip saddr 192.168.77.1 udp dport 51920 drop\n');
    expect(r).toContain('ct original ip saddr 192.168.77.2 ct original proto-dst 51921 masquerade to :51920');
    expect(r).toMatch(/map learned_ip \{\n\s+type inet_service : ipv4_addr \. inet_service\n\s+flags dynamic,timeout/);
    expect(r).not.toContain('dnat ip to 192.168.77.');
    // Only tables with such a pair declare the map.
    expect(relayRuleset('t', [pair])).not.toContain('learned');
  });

  it('writes IPv6 pairs with ip6 matches and bracketed targets', () => {
    const r = relayRuleset('t', [{ ...pair, a: '[fd00::1]:51820', b: '[fd00::2]:51820' }]);
    expect(r).toContain('ip6 saddr fd00::1 udp dport 51920 dnat ip6 to [fd00::2]:51820');
  });

  it('names a table nft accepts whatever the network is called, and removes it when empty', () => {
    expect(relayTable('lab-1.x')).toBe('paddock_relay_lab_1_x');
    expect(removeRuleset('t')).toBe('table inet t {}\ndelete table inet t\n');
  });
});
