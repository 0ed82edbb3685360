/**
 * Which addresses a scan asks about: the hosts of each CIDR (RFC 950: not the all-zeros network
 * or all-ones broadcast address, except in /31 and /32, RFC 3021), deduplicated, in order,
 * without our own address. Malformed or oversized requests are refused with a clear message.
 */
import { numberToIPv4, parseCidr } from '@paddock/wire';

/** A /16 is the most one scan may cover: 65 534 requests is a minute at the default rate. */
export const MAX_TARGETS = 65_536;

export function expandTargets(cidrs: readonly string[], exclude: readonly string[] = []): string[] {
  if (cidrs.length === 0) throw new RangeError('no CIDR to scan');
  const seen = new Set<number>(exclude.map((a) => parseCidr(`${a}/32`).network));
  const out: string[] = [];
  for (const text of cidrs) {
    let cidr: ReturnType<typeof parseCidr>;
    try {
      cidr = parseCidr(text.trim());
    } catch {
      throw new RangeError(`not an IPv4 CIDR: ${JSON.stringify(text)} (expected e.g. 192.168.1.0/24)`);
    }
    const size = 2 ** (32 - cidr.prefix);
    if (size > MAX_TARGETS) {
      throw new RangeError(
        `${text} has ${size} addresses, more than the ${MAX_TARGETS} one scan may cover: scan smaller CIDRs`,
      );
    }
    const [first, last] = cidr.prefix >= 31 ? [0, size - 1] : [1, size - 2];
    for (let i = first; i <= last; i++) {
      const n = (cidr.network + i) >>> 0;
      if (seen.has(n)) continue;
      seen.add(n);
      out.push(numberToIPv4(n));
      if (out.length > MAX_TARGETS)
        throw new RangeError(`these CIDRs hold more than ${MAX_TARGETS} addresses together`);
    }
  }
  return out;
}

/** The network of an interface address ("10.0.0.7", 24 → "10.0.0.0/24"). */
export function subnetOf(address: string, prefix: number): string {
  const c = parseCidr(`${address}/${prefix}`);
  return `${numberToIPv4(c.network)}/${c.prefix}`;
}
