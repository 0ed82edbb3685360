import { type DhcpOption, OPTION, parseOptionSetting } from '@paddock/dhcp-codec';
import { type Cidr, ipv4ToNumber, numberToIPv4, parseCidr } from '@paddock/wire';
import type { BootSettingDoc, OptionSetting, SubnetDoc } from './schema.ts';

/** An inclusive range of addresses as numbers. */
export interface Range {
  first: number;
  last: number;
}

export interface LeaseTimes {
  default: number;
  min: number;
  max: number;
}

/** Defaults in one place: an hour, at least a minute, at most a day. */
export const DEFAULT_LEASE_TIMES: LeaseTimes = { default: 3600, min: 60, max: 86_400 };

/** A subnet as the policy reads it: numbers, ready-made option bytes, resolved defaults. */
export interface Subnet {
  id: string;
  doc: SubnetDoc;
  cidr: Cidr;
  broadcast: number;
  interface: string | undefined;
  pools: Range[];
  /** Options every reply in this subnet carries (when asked for), in a stable order. */
  options: DhcpOption[];
  leaseTimes: LeaseTimes;
  boot: BootSettingDoc[];
  serverAddress: string | undefined;
  relayAddresses: Set<number>;
  /** Clients are told apart by htype + chaddr, option 61 or not. */
  identifyByMac: boolean;
  /** The routers' addresses (never handed out). */
  routers: number[];
}

/** Checks a subnet document against itself and builds the policy's view; throws a RangeError. */
export function compileSubnet(doc: SubnetDoc): Subnet {
  const where = `subnet ${doc.id}`;
  const cidr = parseCidr(doc.cidr);
  if (cidr.prefix > 30) throw new RangeError(`${where}: ${doc.cidr} leaves no room for clients (use /30 or shorter)`);
  const broadcast = (cidr.network | ~cidr.mask) >>> 0;
  const pools = doc.pools.map((p, i) => {
    const r = { first: ipv4ToNumber(p.first), last: ipv4ToNumber(p.last) };
    if (r.first > r.last) throw new RangeError(`${where}: pools[${i}]: ${p.first} comes after ${p.last}`);
    // RFC 950: the all-zeros and all-ones host numbers are the network and broadcast addresses.
    if (r.first <= cidr.network || r.last >= broadcast) {
      throw new RangeError(
        `${where}: pools[${i}]: ${p.first}-${p.last} must lie inside ${doc.cidr}, ` +
          `between ${numberToIPv4(cidr.network + 1)} and ${numberToIPv4(broadcast - 1)}`,
      );
    }
    return r;
  });
  const sorted = [...pools].sort((a, b) => a.first - b.first);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.first <= sorted[i - 1]!.last) {
      throw new RangeError(
        `${where}: pools ${numberToIPv4(sorted[i - 1]!.first)}-${numberToIPv4(sorted[i - 1]!.last)} ` +
          `and ${numberToIPv4(sorted[i]!.first)}-${numberToIPv4(sorted[i]!.last)} overlap`,
      );
    }
  }
  const leaseTimes = resolveLeaseTimes(doc, where);
  return {
    id: doc.id,
    doc,
    cidr,
    broadcast,
    interface: doc.interface,
    pools,
    options: subnetOptions(doc, cidr, broadcast, where),
    leaseTimes,
    boot: doc.boot,
    serverAddress: doc.serverAddress,
    relayAddresses: new Set(doc.relayAddresses.map(ipv4ToNumber)),
    identifyByMac: doc.identifyByMac,
    routers: doc.routers.map(ipv4ToNumber),
  };
}

function resolveLeaseTimes(doc: SubnetDoc, where: string): LeaseTimes {
  const t = doc.leaseTimes;
  const out = {
    default: t.defaultSeconds ?? DEFAULT_LEASE_TIMES.default,
    min: t.minSeconds ?? Math.min(DEFAULT_LEASE_TIMES.min, t.defaultSeconds ?? DEFAULT_LEASE_TIMES.min),
    max: t.maxSeconds ?? Math.max(DEFAULT_LEASE_TIMES.max, t.defaultSeconds ?? 0),
  };
  if (!(out.min <= out.default && out.default <= out.max)) {
    throw new RangeError(
      `${where}: lease times need min <= default <= max, got ${out.min}, ${out.default}, ${out.max}`,
    );
  }
  return out;
}

function subnetOptions(doc: SubnetDoc, cidr: Cidr, broadcast: number, where: string): DhcpOption[] {
  const out: DhcpOption[] = [
    { code: OPTION.subnetMask.code, data: OPTION.subnetMask.kind.encode(numberToIPv4(cidr.mask)) },
  ];
  const add = <T>(def: { code: number; kind: { encode(v: T): Uint8Array } }, v: T | undefined, when = true) => {
    if (v !== undefined && when) out.push({ code: def.code, data: def.kind.encode(v) });
  };
  add(OPTION.routers, doc.routers, doc.routers.length > 0);
  add(OPTION.dnsServers, doc.dnsServers, doc.dnsServers.length > 0);
  add(OPTION.domainName, doc.domainName);
  add(OPTION.interfaceMtu, doc.mtu);
  add(OPTION.broadcastAddress, numberToIPv4(broadcast));
  add(OPTION.ntpServers, doc.ntpServers, doc.ntpServers.length > 0);
  add(OPTION.domainSearch, doc.domainSearch, doc.domainSearch.length > 0);
  // RFC 3442 §3: a client given option 121 ignores option 3, so the default route goes in too.
  const routes = [...doc.classlessRoutes];
  if (routes.length > 0 && doc.routers[0] && !routes.some((r) => r.destination.endsWith('/0'))) {
    routes.push({ destination: '0.0.0.0/0', router: doc.routers[0] });
  }
  add(OPTION.classlessRoutes, routes, routes.length > 0);
  return mergeOptions(out, compileOptionSettings(doc.options, where));
}

/** Option settings to wire bytes; a RangeError names the option and where it was set. */
export function compileOptionSettings(settings: readonly OptionSetting[], where: string): DhcpOption[] {
  return settings.map((s, i) => {
    try {
      const setting = s.hex !== undefined ? { hex: s.hex } : s.value;
      return parseOptionSetting(s.code ?? s.name ?? '', setting);
    } catch (e) {
      throw new RangeError(`${where}: options[${i}]: ${(e as Error).message}`);
    }
  });
}

/** Later settings replace earlier ones of the same code, in place; new codes are appended. */
export function mergeOptions(base: readonly DhcpOption[], more: readonly DhcpOption[]): DhcpOption[] {
  const out = [...base];
  for (const o of more) {
    const at = out.findIndex((x) => x.code === o.code);
    if (at >= 0) out[at] = o;
    else out.push(o);
  }
  return out;
}
