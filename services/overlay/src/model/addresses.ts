import { type Cidr, cidrContains, ipv4ToNumber, isIPv4, parseCidr } from '@paddock/wire';

/** Address checks of the model, each returning an error text or undefined. */

export interface HostAddress {
  ip: string;
  prefix: number;
}

/** "10.99.0.1/24" as an interface address (not the network or broadcast address of its subnet). */
export function parseHostAddress(text: string, within: Cidr, what: string): HostAddress | string {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(text);
  if (!m || !isIPv4(m[1]!)) return `${what} ${JSON.stringify(text)} is not an IPv4 address with a prefix`;
  const ip = ipv4ToNumber(m[1]!);
  if (Number(m[2]) !== within.prefix || !cidrContains(within, ip)) {
    return `${what} ${text} is not inside the network's ${cidrText(within)}`;
  }
  const host = (ip & ~within.mask) >>> 0;
  if (within.prefix < 31 && (host === 0 || host === ~within.mask >>> 0)) {
    return `${what} ${text} is the network or broadcast address of ${cidrText(within)}`;
  }
  return { ip: m[1]!, prefix: within.prefix };
}

export function parseSubnet(text: string, what: string): Cidr | string {
  try {
    const c = parseCidr(text);
    if (c.prefix > 30) return `${what} ${text} is too small for a network (at most /30)`;
    return c;
  } catch (err) {
    return `${what}: ${(err as Error).message}`;
  }
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b.network) || cidrContains(b, a.network);
}

export function cidrText(c: Cidr): string {
  const n = c.network;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${c.prefix}`;
}

/** `a.b.c.d:port` or `[v6]:port`; the family matters for the WireGuard overhead. */
export function parseEndpoint(text: string): { host: string; port: number; ipv6: boolean } | string {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : 0;
  if (!m || port < 1 || port > 65535 || (m[2] !== undefined && !isIPv4(m[2]))) {
    return `endpoint ${JSON.stringify(text)} is not a.b.c.d:port or [IPv6]:port`;
  }
  return { host: m[1] ?? m[2]!, port, ipv6: m[1] !== undefined };
}
