import { type LabMember, type OverlayLab, PORT, UNDERLAY } from './overlay-lab.ts';

/** A NAT that keeps a member's source port for every destination, or one that picks a new port per destination. */
export type NatKind = 'port-preserving' | 'symmetric';

/**
 * A home router: masquerade out of eth0 (the underlay), and a firewall that lets in only what
 * answers something sent from inside. Dropping unsolicited packets at input also keeps them from
 * leaving a conntrack entry that would make the NAT pick another port for the member's own flow.
 */
const routerRules = (kind: NatKind) => `
table ip nat {
  chain post { type nat hook postrouting priority srcnat; oifname "eth0" masquerade${kind === 'symmetric' ? ' fully-random' : ''}; }
}
table inet fw {
  chain input { type filter hook input priority 0; policy drop; ct state established,related accept; iifname { "lo", "eth1" } accept; }
  chain forward { type filter hook forward priority 0; policy drop; ct state established,related accept; iifname "eth1" oifname "eth0" accept; }
}
`;

/**
 * Moves members behind one router of their own (host `nat<i>`, public address on the underlay,
 * private LAN 10.77.<i>.0/24 with the members at .2, .3, …): several members behind one router
 * share its public address. Call after enrolment: the keys service checks an enrolling node's
 * address. Returns the router's public address.
 */
export async function behindNat(o: OverlayLab, members: LabMember[], i: number, kind: NatKind): Promise<string> {
  const { lab, ul } = o;
  const router = await lab.host(`nat${i}`);
  const pub = `${UNDERLAY}.${20 + i}`;
  await lab.link(router, ul, { ifname: 'eth0', addresses: [`${pub}/24`] });
  const lan = await lab.bridge(`lan${i}`);
  await lab.link(router, lan, { ifname: 'eth1', addresses: [`10.77.${i}.1/24`] });
  await router.sysctl('net.ipv4.ip_forward', 1);
  await router.execOk(['nft', '-f', '-'], { input: routerRules(kind) });
  for (const [j, m] of members.entries()) {
    const inside = `10.77.${i}.${j + 2}`;
    await lab.link(m.host, lan, { ifname: 'eth1', addresses: [`${inside}/24`] });
    await m.host.execOk(['ip', 'link', 'del', 'dev', 'eth0']);
    await m.host.execOk(['ip', 'route', 'add', 'default', 'via', `10.77.${i}.1`]);
    m.member.endpoint = `${inside}:${PORT}`;
  }
  return pub;
}

/** Drops UDP between a host and one underlay address, both ways (a broken path). */
export const dropUdpWith = (address: string) => `table inet ovblock {
  chain out { type filter hook output priority 0; ip daddr ${address} meta l4proto udp drop; }
  chain in { type filter hook input priority 0; ip saddr ${address} meta l4proto udp drop; }
}
`;
