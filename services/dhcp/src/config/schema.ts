import { isIPv4, isMac, parseCidr } from '@paddock/wire';
import { z } from 'zod';

/**
 * The shapes of live configuration as it is stored, sent over the API and written in YAML:
 * plain data, checked here once. Cross-field checks (pools inside the CIDR, overlaps) are in
 * subnet.ts and config-state.ts, which turn these documents into what the policy reads.
 */
const ipv4 = z.string().refine(isIPv4, { error: (i) => `not an IPv4 address: ${JSON.stringify(i.input)}` });
const cidr = z.string().refine(
  (t) => {
    try {
      parseCidr(t);
      return true;
    } catch {
      return false;
    }
  },
  { error: (i) => `not an IPv4 CIDR: ${JSON.stringify(i.input)}` },
);
export const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'an id is 1-63 lower-case letters, digits and dashes');
const seconds = z.coerce.number().int().min(1).max(0x7fffffff);

/** "10.0.0.100-10.0.0.200" or { first, last }. */
export const poolSchema = z.preprocess(
  (v) => (typeof v === 'string' && v.includes('-') ? { first: v.split('-')[0], last: v.split('-')[1] } : v),
  z.strictObject({ first: ipv4, last: ipv4 }),
);

/** Any option by name or code: a typed value (checked by the codec's registry) or raw hex. */
export const optionSettingSchema = z
  .strictObject({
    code: z.coerce.number().int().min(1).max(254).optional(),
    name: z.string().optional(),
    value: z.unknown().optional(),
    hex: z.string().optional(),
  })
  .refine((o) => o.code !== undefined || o.name !== undefined, 'an option needs a name or a code')
  .refine((o) => o.value !== undefined || o.hex !== undefined, 'an option needs a value or hex');

export const bootSettingSchema = z.strictObject({
  architectures: z.array(z.coerce.number().int().min(0).max(0xffff)).default([]),
  nextServer: ipv4.optional(),
  bootFile: z.string().min(1).max(127).optional(),
  ipxeBootFile: z.string().min(1).max(255).optional(),
  httpUrl: z.url({ protocol: /^https?$/ }).optional(),
  serverName: z.string().min(1).max(63).optional(),
});

export const leaseTimesSchema = z.strictObject({
  defaultSeconds: seconds.optional(),
  minSeconds: seconds.optional(),
  maxSeconds: seconds.optional(),
});

export const subnetSchema = z.strictObject({
  id: idSchema,
  cidr,
  interface: z.string().min(1).max(15).optional(),
  pools: z.array(poolSchema).default([]),
  routers: z.array(ipv4).default([]),
  dnsServers: z.array(ipv4).default([]),
  domainName: z.string().min(1).optional(),
  domainSearch: z.array(z.string().min(1)).default([]),
  ntpServers: z.array(ipv4).default([]),
  classlessRoutes: z.array(z.strictObject({ destination: cidr, router: ipv4 })).default([]),
  mtu: z.coerce.number().int().min(68).max(65535).optional(),
  leaseTimes: leaseTimesSchema.default({}),
  options: z.array(optionSettingSchema).default([]),
  boot: z.array(bootSettingSchema).default([]),
  serverAddress: ipv4.optional(),
  relayAddresses: z.array(ipv4).default([]),
  /** Leases by hardware address even when the client sends option 61 (Kea's match-client-id false). */
  identifyByMac: z.boolean().default(false),
  description: z.string().optional(),
});

const hexBytes = z
  .string()
  .transform((s) => s.toLowerCase().replace(/[\s:-]/g, ''))
  .refine((s) => /^([0-9a-f]{2})+$/.test(s), 'a client id is hex bytes, e.g. 01:52:54:00:12:34:56');

export const reservationSchema = z
  .strictObject({
    id: idSchema,
    mac: z
      .string()
      .refine(isMac, { error: (i) => `not a MAC address: ${JSON.stringify(i.input)}` })
      .transform((m) => m.toLowerCase().replaceAll('-', ':'))
      .optional(),
    clientId: hexBytes.optional(),
    address: ipv4,
    hostname: z.string().min(1).max(63).optional(),
    options: z.array(optionSettingSchema).default([]),
    description: z.string().optional(),
  })
  .refine((r) => r.mac !== undefined || r.clientId !== undefined, 'a reservation needs a mac or a client id');

export type SubnetDoc = z.infer<typeof subnetSchema>;
export type ReservationDoc = z.infer<typeof reservationSchema>;
export type OptionSetting = z.infer<typeof optionSettingSchema>;
export type BootSettingDoc = z.infer<typeof bootSettingSchema>;
export type PoolDoc = z.infer<typeof poolSchema>;

/** YAML is kebab-case (`lease-times`), the typed model camelCase: convert nested keys. */
export function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()), camelKeys(v)]),
  );
}

/** Parses a document or throws a RangeError listing every problem with its path. */
export function parseDoc<S extends z.ZodType>(schema: S, doc: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(camelKeys(doc));
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
  throw new RangeError(`${what}: ${lines.join('; ')}`);
}
