import { storeOptions } from '@paddock/etcd';
import { z } from 'zod';

const flag = z.union([z.boolean(), z.stringbool()]);

/**
 * The inventory's own settings, beside the runtime's (flags, PADDOCK_* env, YAML), parsed once
 * at the edge. Flag names carry their service (`--qemu-bridge`), so `paddock up` takes them
 * beside the other services' flags without clashes.
 */
export const inventoryConfigSchema = z.object({
  ...storeOptions,
  /** The namespace holding the bridge QEMU machines are attached to, and the bridge. */
  qemuNetns: z.string().default(''),
  qemuBridge: z.string().default(''),
  qemuBinary: z.string().min(1).default('qemu-system-x86_64'),
  /** TCG by default: KVM does not work on this kind of host (pxe-lab.md). */
  qemuAccel: z.enum(['tcg', 'kvm']).default('tcg'),
  ovmfCode: z.string().default('/usr/share/OVMF/OVMF_CODE_4M.fd'),
  ovmfVars: z.string().default('/usr/share/OVMF/OVMF_VARS_4M.fd'),
  /** Seconds between reconcile passes (each pass asks only the nodes that are due). */
  reconcileInterval: z.coerce.number().min(0.1).max(3600).default(2),
  /** Seconds between two power-state questions to the same BMC (longer while it fails). */
  bmcPollInterval: z.coerce.number().min(1).max(3600).default(30),
  /** Seconds a node may stay booting without phoning home before it counts as failed. */
  bootTimeout: z.coerce.number().int().min(10).max(86_400).default(600),
  /**
   * Run QEMU machines claimed from the site's etcd (MetaStack's compute node): this server
   * claims machines desired on that no host holds, up to `computeCapacity`, each claim under
   * a lease of `claimTtl` seconds; another compute host takes a dead host's machines after it.
   */
  computeHost: flag.default(false),
  computeCapacity: z.coerce.number().int().min(1).max(1000).default(4),
  claimTtl: z.coerce.number().int().min(2).max(300).default(10),
  /** Follow the DHCP, boot and scanner services' watch streams. */
  feeds: flag.default(true),
  /** Where those services are (host:port); found through the data dir's run files when omitted. */
  dhcpServer: z.string().optional(),
  bootServer: z.string().optional(),
  scannerServer: z.string().optional(),
});

export type InventoryConfig = z.infer<typeof inventoryConfigSchema>;

export const INVENTORY_DEFAULTS: InventoryConfig = inventoryConfigSchema.parse({});
