import type { InterfaceNames } from '../model/types.ts';
import type { ObservedLink, ObservedNetwork, ObservedVxlan, ObservedWireguard } from '../plan/observed.ts';
import { parseWgDump } from './wg-dump.ts';

/** Runs a command and returns its stdout, or undefined when it fails (a device that does not exist). */
export type Exec = (argv: string[]) => Promise<string | undefined>;

interface IpLink {
  mtu: number;
  flags?: string[];
  address?: string;
  master?: string;
  link?: string;
  linkinfo?: { info_kind?: string; info_data?: { id?: number; local?: string; port?: number; link?: string } };
}

/** Reads one network's devices, WireGuard configuration, FDB and neighbours. */
export async function observe(ifs: InterfaceNames, exec: Exec): Promise<ObservedNetwork> {
  const wgLink = await link(exec, ifs.wireguard);
  const vx = await link(exec, ifs.vxlan);
  const br = await link(exec, ifs.bridge);
  const dump = wgLink ? await exec(['wg', 'show', ifs.wireguard, 'dump']) : undefined;
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
  const fdbOut = vx ? await exec(['bridge', '-j', 'fdb', 'show', 'dev', ifs.vxlan]) : undefined;
  const fdb = (JSON.parse(fdbOut || '[]') as { mac: string; dst?: string; state?: string }[])
    // Only what the agent programs: permanent entries with a destination, not ones the device learned.
    .filter((e) => e.dst !== undefined && e.state === 'permanent')
    .map((e) => ({ mac: e.mac, dst: e.dst! }));
  const neighOut = br
    ? await exec(['ip', '-j', '-4', 'neigh', 'show', 'dev', ifs.bridge, 'nud', 'permanent'])
    : undefined;
  const neighbours = (JSON.parse(neighOut || '[]') as { dst: string; lladdr?: string }[]).map((n) => ({
    ip: n.dst,
    mac: n.lladdr ?? '',
  }));
  return { wireguardLink: wgLink?.link, wireguard, vxlan, bridge: br?.link, fdb, neighbours };
}

async function link(exec: Exec, ifname: string): Promise<{ link: ObservedLink; raw: IpLink } | undefined> {
  const out = await exec(['ip', '-j', '-d', 'link', 'show', 'dev', ifname]);
  if (out === undefined) return undefined;
  const [raw] = JSON.parse(out) as IpLink[];
  if (!raw) return undefined;
  const addrOut = await exec(['ip', '-j', '-4', 'addr', 'show', 'dev', ifname]);
  const infos = JSON.parse(addrOut || '[]') as { addr_info?: { local: string; prefixlen: number }[] }[];
  const addresses = infos.flatMap((i) => (i.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}`));
  const up = raw.flags?.includes('UP') ?? false;
  return { link: { mtu: raw.mtu, up, addresses, mac: raw.address ?? '', master: raw.master }, raw };
}
