/**
 * Interface facts from getifaddrs(3) (netlink underneath, so it answers for the network
 * namespace of the calling thread, unlike /sys/class/net which follows the mount) plus
 * SIOCGIFMTU. Call inside withNetns() to ask about another namespace.
 */
import { endianness } from 'node:os';
import { bytesToHex, ipv4ToNumber } from '@paddock/wire';
import koffi from 'koffi';
import { cName, decodeSockaddrIn, decodeSockaddrLl, encodeIfreq, ifreqInt } from './kernel-structs.ts';
import { C, check, sys } from './libc.ts';
import { inNetns } from './netns.ts';

const LE = endianness() === 'LE';
const IFF_UP = 0x1;
const IFF_BROADCAST = 0x2;

export interface Ipv4Address {
  address: string;
  prefix: number;
  /** Absent on point-to-point and loopback links. */
  broadcast?: string;
}

export interface InterfaceInfo {
  name: string;
  index: number;
  /** Null for links without a hardware address (loopback has 00:..., tun has none). */
  mac: string | null;
  mtu: number;
  up: boolean;
  ipv4: Ipv4Address[];
}

function bytesAt(ptr: bigint, length: number): Uint8Array {
  return new Uint8Array(koffi.view(ptr, length));
}

/** Counts the leading one bits of a dotted netmask. */
function prefixOf(mask: string): number {
  const n = ipv4ToNumber(mask);
  let prefix = 0;
  while (prefix < 32 && n & (0x80000000 >>> prefix)) prefix++;
  return prefix;
}

function mtuOf(fd: number, name: string): number {
  const req = encodeIfreq(name);
  check(sys.ioctl(fd, C.SIOCGIFMTU, req), `SIOCGIFMTU ${name}`);
  return ifreqInt(req);
}

/** Walks the getifaddrs list: one AF_PACKET entry per link, one AF_INET entry per address. */
function readIfaddrs(first: bigint): Map<string, InterfaceInfo> {
  const byName = new Map<string, InterfaceInfo>();
  for (let p = first; p !== 0n; ) {
    const ifa = new DataView(koffi.view(p, 56));
    const name = cName(bytesAt(ifa.getBigUint64(8, LE), 16));
    const info = byName.get(name) ?? { name, index: 0, mac: null, mtu: 0, up: false, ipv4: [] };
    byName.set(name, info);
    const flags = ifa.getUint32(16, LE);
    info.up = (flags & IFF_UP) !== 0;
    const addr = sockaddrAt(ifa.getBigUint64(24, LE));
    const ll = decodeSockaddrLl(addr);
    const in4 = decodeSockaddrIn(addr);
    if (ll) {
      info.index = ll.ifindex;
      info.mac = ll.address && ll.address.length > 0 ? bytesToHex(ll.address) : null;
    } else if (in4) {
      const mask = decodeSockaddrIn(sockaddrAt(ifa.getBigUint64(32, LE)));
      const entry: Ipv4Address = { address: in4.address, prefix: mask ? prefixOf(mask.address) : 32 };
      const brd = decodeSockaddrIn(sockaddrAt(ifa.getBigUint64(40, LE)));
      if (flags & IFF_BROADCAST && brd) entry.broadcast = brd.address;
      info.ipv4.push(entry);
    }
    p = ifa.getBigUint64(0, LE);
  }
  return byName;
}

/** glibc stores every sockaddr in a union at least sockaddr_ll_max (28 bytes) long. */
function sockaddrAt(ptr: bigint): Uint8Array {
  return ptr === 0n ? new Uint8Array(0) : bytesAt(ptr, 20);
}

/** Every interface in the current network namespace, in kernel index order. */
export function listInterfaces(opts: { netns?: string } = {}): InterfaceInfo[] {
  return inNetns(opts.netns, readInterfaces);
}

function readInterfaces(): InterfaceInfo[] {
  const out = new BigUint64Array(1);
  check(sys.getifaddrs(out), 'getifaddrs');
  let byName: Map<string, InterfaceInfo>;
  try {
    byName = readIfaddrs(out[0] ?? 0n);
  } finally {
    sys.freeifaddrs(out[0] ?? 0n);
  }
  const fd = check(sys.socket(C.AF_INET, C.SOCK_DGRAM | C.SOCK_CLOEXEC, 0), 'socket');
  try {
    for (const info of byName.values()) info.mtu = mtuOf(fd, info.name);
  } finally {
    sys.close(fd);
  }
  return [...byName.values()].sort((a, b) => a.index - b.index);
}

/** Facts about one interface; throws a RangeError naming it when it does not exist here. */
export function interfaceInfo(name: string, opts: { netns?: string } = {}): InterfaceInfo {
  const info = listInterfaces(opts).find((i) => i.name === name);
  if (!info) throw new RangeError(`no interface named ${JSON.stringify(name)} in this network namespace`);
  return info;
}

/** The kernel index of an interface (SIOCGIFINDEX), cheaper than a full listing. */
export function interfaceIndex(name: string): number {
  const fd = check(sys.socket(C.AF_INET, C.SOCK_DGRAM | C.SOCK_CLOEXEC, 0), 'socket');
  try {
    const req = encodeIfreq(name);
    check(sys.ioctl(fd, C.SIOCGIFINDEX, req), `no interface ${JSON.stringify(name)} (SIOCGIFINDEX)`);
    return ifreqInt(req);
  } finally {
    sys.close(fd);
  }
}
