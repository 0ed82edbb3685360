import type { Forward } from './desired.ts';

/** An nftables table name for a network's relayed pairs (names allow letters, digits and `_`). */
export const relayTable = (network: string) => `paddock_relay_${network.replace(/[^A-Za-z0-9_]/g, '_')}`;

const split = (endpoint: string) => {
  const i = endpoint.lastIndexOf(':');
  const host = endpoint.slice(0, i).replace(/^\[|\]$/g, '');
  return { host, port: Number(endpoint.slice(i + 1)), family: host.includes(':') ? 'ip6' : 'ip' };
};
/** How long a both-NAT pair's side is remembered at the port it was last seen sending from. */
export const LEARNED_S = 15;
const learnedMap = (family: string) => `learned_${family}`;
const at = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/**
 * The relay's nftables ruleset for its relayed pairs, replacing the table whole in one
 * transaction (`nft -f`), so applying it twice changes nothing. Per pair: a datagram from a's
 * host to portA is sent on to b's endpoint from portB (DNAT, then SNAT to the address the
 * route to b leaves from), and back; conntrack keeps each flow's two directions. The kernel
 * moves WireGuard's UDP payload only, sealed end to end between a and b: this node holds
 * neither key and cannot read or forge it.
 *
 * A side behind NAT (`f.nat`, one side) is never sent to first: its NAT lets in only answers, and
 * from the port it chose for the relay, which a symmetric NAT picks per destination, not the one
 * its peers learned. So only that side's packets open the pair's flow (DNAT as above, from any
 * port of its NAT's address), and the other side's packets to its port pass only as that flow's
 * answers, sent back by conntrack to the port the NAT chose; before the flow exists they are
 * dropped before conntrack keeps them (a kept one would hold the tuple the flow needs), and
 * WireGuard retries.
 *
 * A pair with both sides behind NAT (`f.nat` 'both'): neither side's port is known before it
 * sends. Each side's first packet is learned (its NAT's address and port, in a map keyed by the
 * other side's relay port: "what arrives there goes here") and dropped, as no flow may hold the
 * tuple yet; the other side's next packet finds it, is sent on there, and opens the pair's flow,
 * whose answers conntrack sends back to the port that side's NAT chose. Both sides' NATs have
 * seen their member send to the relay, so each lets the other's packets in. A learned port is
 * kept LEARNED_S and not refreshed by later packets (a NAT that moved a member to another port
 * is learned again within that time).
 */
export function relayRuleset(table: string, forwards: Forward[]): string {
  const pre: string[] = [];
  const post: string[] = [];
  const guard: string[] = [];
  const maps = new Set<string>();
  for (const f of forwards) {
    const a = split(f.a);
    const b = split(f.b);
    if (a.family !== b.family) continue;
    const sides = [
      { from: a, to: b, listen: f.portA, out: f.portB, toNat: f.nat === 'b' },
      { from: b, to: a, listen: f.portB, out: f.portA, toNat: f.nat === 'a' },
    ];
    for (const s of sides) {
      const match = `${s.from.family} saddr ${s.from.host} udp dport ${s.listen}`;
      if (s.toNat) {
        guard.push(`${match} ct state new drop`);
        continue;
      }
      if (f.nat === 'both') {
        const map = learnedMap(s.from.family);
        maps.add(s.from.family);
        guard.push(`${match} ct state new add @${map} { ${s.out} : ${s.from.family} saddr . udp sport }`);
        pre.push(`${match} dnat ${s.from.family} to udp dport map @${map}`, `${match} drop`);
      } else {
        pre.push(`${match} dnat ${s.to.family} to ${at(s.to.host, s.to.port)}`);
      }
      post.push(
        `meta l4proto udp ct original ${s.from.family} saddr ${s.from.host} ct original proto-dst ${s.listen} ` +
          `masquerade to :${s.out}`,
      );
    }
  }
  const body = [
    ...[...maps].map(
      (family) =>
        `  map ${learnedMap(family)} {\n    type inet_service : ${family === 'ip6' ? 'ipv6_addr' : 'ipv4_addr'} . inet_service\n` +
        `    flags dynamic,timeout\n    timeout ${LEARNED_S}s\n  }`,
    ),
    // After conntrack (priority -200) has looked the packet up: only new flows are dropped.
    `  chain guard {\n    type filter hook prerouting priority mangle; policy accept;\n${lines(guard)}  }`,
    `  chain pre {\n    type nat hook prerouting priority dstnat; policy accept;\n${lines(pre)}  }`,
    `  chain post {\n    type nat hook postrouting priority srcnat; policy accept;\n${lines(post)}  }`,
  ].join('\n');
  // Declaring the table first makes the delete succeed whether or not it existed.
  return `table inet ${table} {}\ndelete table inet ${table}\ntable inet ${table} {\n${body}\n}\n`;
}

/** The ruleset that removes the table (no relayed pairs left), whether or not it exists. */
export const removeRuleset = (table: string) => `table inet ${table} {}\ndelete table inet ${table}\n`;

const lines = (rules: string[]) => rules.map((r) => `    ${r}\n`).join('');
