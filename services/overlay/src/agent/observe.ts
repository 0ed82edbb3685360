import type { InterfaceNames } from '../model/types.ts';
import type { ObservedLink, ObservedNetwork, ObservedVxlan, ObservedWireguard } from '../plan/observed.ts';
import { parseWgDump } from './wg-dump.ts';

/** Runs a command and returns its stdout, or undefined when it fails (a device that does not exist). */
export type Exec = (argv: string[]) => Promise<string | undefined>;

interface IpLink {
  ifname: string;
  mtu: number;
  flags?: string[];
  address?: string;
  master?: string;
  link?: string;
  linkinfo?: { info_kind?: string; info_data?: { id?: number; local?: string; port?: number; link?: string } };
  addr_info?: { family?: string; local: string; prefixlen: number }[];
}

/**
 * Reads one network's devices, WireGuard configuration, FDB and neighbours: every device with its
 * details and addresses from one `ip -d addr`, then what lives on the devices that exist, at once
 * (`wg show dump`, `bridge fdb`, `ip neigh`). A node that has none of them yet (every node joining
 * a network) runs one command, not four: with 50 nodes' agents on one host, or a busy one,
 * process starts are most of what a pass costs.
 */
export async function observe(ifs: InterfaceNames, exec: Exec): Promise<ObservedNetwork> {
  const all = await exec(['ip', '-j', '-d', 'addr', 'show']);
  // Unlike one device missing, no answer at all says nothing of the devices: the pass fails and is retried.
  if (all === undefined) throw new Error('ip -d addr show failed: the devices could not be read');
  const links = new Map((JSON.parse(all || '[]') as IpLink[]).map((l) => [l.ifname, l]));
  const wgLink = link(links, ifs.wireguard);
  const vx = link(links, ifs.vxlan);
  const br = link(links, ifs.bridge);
  // A device that vanished since makes its own read fail, and what it would have said is not used.
  const none = Promise.resolve(undefined);
  const [dump, fdbOut, neighOut] = await Promise.all([
    wgLink ? exec(['wg', 'show', ifs.wireguard, 'dump']) : none,
    vx ? exec(['bridge', '-j', 'fdb', 'show', 'dev', ifs.vxlan]) : none,
    br ? exec(['ip', '-j', '-4', 'neigh', 'show', 'dev', ifs.bridge, 'nud', 'permanent']) : none,
  ]);
  const wireguard: ObservedWireguard | undefined = dump === undefined ? undefined : parseWgDump(dump);
  let vxlan: ObservedVxlan | undefined;
  if (vx) {
    const data = vx.raw.linkinfo?.info_data ?? {};
    vxlan = {
      ...vx.link,
      vni: data.id ?? -1,
      local: data.local,
      port: data.port ?? -1,
      lower: data.link ?? vx.raw.link,
    };
  }
  const fdb = (JSON.parse((vx && fdbOut) || '[]') as { mac: string; dst?: string; state?: string }[])
    // Only what the agent programs: permanent entries with a destination, not ones the device learned.
    .filter((e) => e.dst !== undefined && e.state === 'permanent')
    .map((e) => ({ mac: e.mac, dst: e.dst! }));
  const neighbours = (JSON.parse((br && neighOut) || '[]') as { dst: string; lladdr?: string }[]).map((n) => ({
    ip: n.dst,
    mac: n.lladdr ?? '',
  }));
  return { wireguardLink: wgLink?.link, wireguard, vxlan, bridge: br?.link, fdb, neighbours };
}

function link(links: Map<string, IpLink>, ifname: string): { link: ObservedLink; raw: IpLink } | undefined {
  const raw = links.get(ifname);
  if (!raw) return undefined;
  const addresses = (raw.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`);
  const up = raw.flags?.includes('UP') ?? false;
  return { link: { mtu: raw.mtu, up, addresses, mac: raw.address ?? '', master: raw.master }, raw };
}
