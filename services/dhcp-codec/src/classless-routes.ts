import { bytesToIPv4, ipv4ToBytes, parseCidr } from '@paddock/wire';
import { check, type OptionKind } from './option-kind.ts';

export interface ClasslessRoute {
  /** "a.b.c.d/n" */
  destination: string;
  router: string;
}

/**
 * Option 121 (RFC 3442 §2): per route, a prefix length, only the significant octets of the
 * destination (ceil(n/8)), then the router. A destination with host bits set is malformed.
 */
export const classlessRoutes: OptionKind<ClasslessRoute[]> = {
  kind: 'classless-routes',
  decode: (d) => {
    const routes: ClasslessRoute[] = [];
    let at = 0;
    while (at < d.length) {
      const prefix = d[at]!;
      const octets = Math.ceil(prefix / 8);
      if (prefix > 32 || at + 1 + octets + 4 > d.length) return undefined;
      const dest = new Uint8Array(4);
      dest.set(d.subarray(at + 1, at + 1 + octets));
      const destination = `${bytesToIPv4(dest)}/${prefix}`;
      if (parseCidr(destination).network !== dest.reduce((n, b) => n * 256 + b, 0)) return undefined;
      routes.push({ destination, router: bytesToIPv4(d, at + 1 + octets) });
      at += 1 + octets + 4;
    }
    return routes.length > 0 ? routes : undefined;
  },
  encode: (v) => {
    check(Array.isArray(v) && v.length > 0, `expected a non-empty list of routes, got ${JSON.stringify(v)}`);
    const out: number[] = [];
    for (const route of v) {
      check(typeof route?.destination === 'string', `route without destination: ${JSON.stringify(route)}`);
      const cidr = parseCidr(route.destination);
      const dest = ipv4ToBytes(route.destination.split('/')[0]!);
      check(cidr.network === dest.reduce((n, b) => n * 256 + b, 0), `host bits set in ${route.destination}`);
      check(typeof route.router === 'string', `route without router: ${JSON.stringify(route)}`);
      out.push(cidr.prefix, ...dest.subarray(0, Math.ceil(cidr.prefix / 8)), ...ipv4ToBytes(route.router));
    }
    return Uint8Array.from(out);
  },
};
