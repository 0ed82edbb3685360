import { z } from 'zod';

/** The shape of the state file; the cross-field rules are in validate.ts. */

const ifname = z.string().regex(/^[A-Za-z0-9_.-]{1,15}$/, 'an interface name of 1-15 characters');
const base64Key = z.string().refine((s) => /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/.test(s), 'a base64 WireGuard key');

export const memberSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a lower-case name'),
    publicKey: base64Key,
    address: z.string(),
    tunnelAddress: z.string(),
    endpoint: z.string(),
    roams: z.boolean().optional(),
  })
  .strict();

export const networkSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,10}$/, '1-11 characters [a-z0-9-]'),
    subnet: z.string(),
    transit: z.string(),
    vni: z.number().int().min(1).max(0xffffff),
    underlayMtu: z.number().int().min(576).max(65535).default(1500),
    listenPort: z.number().int().min(1).max(65535),
    members: z.array(memberSchema).min(1),
    interfaces: z.object({ wireguard: ifname, vxlan: ifname, bridge: ifname }).partial().strict().optional(),
  })
  .strict();

export const stateSchema = z
  .object({
    node: z.string().min(1),
    privateKeyFile: z.string().min(1),
    networks: z.array(networkSchema),
  })
  .strict();
