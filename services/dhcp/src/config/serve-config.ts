import { storeOptions } from '@paddock/etcd';
import { parseCidr } from '@paddock/wire';
import { z } from 'zod';
import type { DhcpModuleOptions } from '../module.ts';
import { camelKeys, parseDoc, type ReservationDoc, reservationSchema, type SubnetDoc, subnetSchema } from './schema.ts';
import { settingsSchema } from './settings.ts';

const list = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z.array(z.string().min(1)),
);

/**
 * The DHCP service's own configuration keys, beside the runtime's: the interfaces, the quick
 * flags for one subnet (--subnet --range --router --dns --lease-time), and from the YAML file
 * `subnets:` and `reservations:` lists plus the server settings. The command that runs it adds
 * the runtime's keys and makes the whole strict (an unknown key is an error).
 */
export const dhcpConfigSchema = z.object({
  interface: list.default([]),
  ...storeOptions,
  subnet: z.string().optional(),
  range: z.string().optional(),
  router: z.string().optional(),
  dns: list.optional(),
  leaseTime: z.coerce.number().int().min(1).optional(),
  domain: z.string().optional(),
  subnets: z.array(z.unknown()).default([]),
  reservations: z.array(z.unknown()).default([]),
  ...settingsSchema.shape,
  conflictDetection: z.preprocess(camelKeys, settingsSchema.shape.conflictDetection),
});

export type DhcpServeConfig = z.infer<typeof dhcpConfigSchema>;

/** The subnet the quick flags describe, or undefined without --subnet. */
export function quickSubnet(
  c: Pick<DhcpServeConfig, 'subnet' | 'range' | 'router' | 'dns' | 'leaseTime' | 'domain' | 'interface'>,
): SubnetDoc | undefined {
  if (!c.subnet) {
    if (c.range || c.router || c.dns || c.leaseTime)
      throw new RangeError('--range, --router, --dns and --lease-time need --subnet CIDR');
    return undefined;
  }
  const cidr = parseCidr(c.subnet);
  const pool = c.range ?? hostRange(cidr);
  return parseDoc(
    subnetSchema,
    {
      id: c.subnet.replace(/[./]/g, '-'),
      cidr: c.subnet,
      interface: c.interface.length === 1 ? c.interface[0] : undefined,
      pools: [pool],
      routers: c.router ? [c.router] : [],
      dnsServers: c.dns ?? [],
      domainName: c.domain,
      leaseTimes: c.leaseTime ? { defaultSeconds: c.leaseTime, maxSeconds: Math.max(c.leaseTime, 86_400) } : {},
    },
    '--subnet/--range',
  );
}

/** Every host address of the subnet (our own and the router's are never handed out anyway). */
function hostRange(cidr: { network: number; mask: number }): string {
  const n = (x: number) => `${x >>> 24}.${(x >>> 16) & 255}.${(x >>> 8) & 255}.${x & 255}`;
  return `${n(cidr.network + 1)}-${n(((cidr.network | ~cidr.mask) >>> 0) - 1)}`;
}

/** Module options from the parsed configuration; throws a RangeError naming the bad entry. */
export function dhcpOptionsFromConfig(c: DhcpServeConfig): DhcpModuleOptions {
  if (c.interface.length === 0)
    throw new RangeError('give the interfaces to serve: --interface IF (repeat it for more)');
  const subnets: SubnetDoc[] = c.subnets.map((s, i) => parseDoc(subnetSchema, s, `subnets[${i}]`));
  const quick = quickSubnet(c);
  if (quick) subnets.push(quick);
  const reservations: ReservationDoc[] = c.reservations.map((r, i) =>
    parseDoc(reservationSchema, r, `reservations[${i}]`),
  );
  return {
    interfaces: c.interface,
    store: c.store,
    site: c.site,
    subnets,
    reservations,
    settings: {
      offerSeconds: c.offerSeconds,
      declineSeconds: c.declineSeconds,
      authoritative: c.authoritative,
      conflictDetection: c.conflictDetection,
    },
  };
}
