import { isMac } from '@paddock/wire';
import type { Host } from './host.ts';
import { checkIfname } from './names.ts';
import { runOk } from './run.ts';

export interface Bridge {
  name: string;
  /** The lab's switch namespace. */
  netns: string;
}

export interface LinkOptions {
  /** Name inside the host; default eth0, eth1, ... in order of links. */
  ifname?: string;
  /** CIDR addresses, e.g. 10.77.0.1/24 or fd00::1/64. */
  addresses?: string[];
  mac?: string;
  mtu?: number;
}

export interface Link {
  /** Interface name inside the host. */
  name: string;
  mac: string;
  host: Host;
  bridge: Bridge;
  /** The bridge port (the veth's other end) in the switch namespace. */
  port: string;
}

export interface Tap {
  name: string;
  /** Namespace to run QEMU in (the switch namespace). */
  netns: string;
  bridge: Bridge;
  /** The switch namespace as a host, to spawn QEMU tracked by the lab. */
  host: Host;
}

const ip = (netns: string, ...args: string[]) => runOk(['ip', '-n', netns, ...args]);

export async function makeBridge(sw: Host, name: string): Promise<Bridge> {
  // STP off and no forwarding delay: ports forward the moment they come up,
  // rather than after 2 x 15 s of listening and learning (IEEE 802.1D).
  // Multicast snooping off: IPv6 and mDNS frames reach every port like on a dumb switch.
  await ip(sw.netns, 'link', 'add', 'name', name, 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0');
  await ip(sw.netns, 'link', 'set', 'dev', name, 'type', 'bridge', 'mcast_snooping', '0');
  await ip(sw.netns, 'link', 'set', 'dev', name, 'up');
  return { name, netns: sw.netns };
}

const linkCount = new WeakMap<Host, number>();

export async function makeLink(host: Host, bridge: Bridge, port: string, opts: LinkOptions): Promise<Link> {
  const count = linkCount.get(host) ?? 0;
  const name = checkIfname(opts.ifname ?? `eth${count}`);
  linkCount.set(host, count + 1);
  if (opts.mac !== undefined && !isMac(opts.mac)) throw new RangeError(`not a MAC address: ${opts.mac}`);
  const mac = opts.mac ? ['address', opts.mac] : [];
  const mtu = opts.mtu ? ['mtu', String(opts.mtu)] : [];
  // Made inside the host with the peer put straight into the switch namespace:
  // neither end ever exists in the root namespace.
  await ip(
    host.netns,
    'link',
    'add',
    'name',
    name,
    ...mac,
    ...mtu,
    'type',
    'veth',
    'peer',
    'name',
    port,
    ...mtu,
    'netns',
    bridge.netns,
  );
  await ip(bridge.netns, 'link', 'set', 'dev', port, 'master', bridge.name, 'up');
  for (const address of opts.addresses ?? []) await ip(host.netns, 'addr', 'add', address, 'dev', name);
  await ip(host.netns, 'link', 'set', 'dev', name, 'up');
  return { name, mac: await readMac(host.netns, name), host, bridge, port };
}

export async function makeTap(sw: Host, bridge: Bridge, name: string, opts: { mac?: string }): Promise<Tap> {
  await ip(sw.netns, 'tuntap', 'add', 'dev', name, 'mode', 'tap');
  if (opts.mac) await ip(sw.netns, 'link', 'set', 'dev', name, 'address', opts.mac);
  await ip(sw.netns, 'link', 'set', 'dev', name, 'master', bridge.name, 'up');
  return { name, netns: sw.netns, bridge, host: sw };
}

async function readMac(netns: string, ifname: string): Promise<string> {
  const out = await ip(netns, '-j', 'link', 'show', 'dev', ifname);
  const [link] = JSON.parse(out.stdout) as { address?: string }[];
  if (!link?.address) throw new Error(`no MAC address on ${ifname} in ${netns}`);
  return link.address;
}
