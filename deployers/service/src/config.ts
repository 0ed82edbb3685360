import { z } from 'zod';
import { DEPLOY_DEFAULTS } from './request/deploy-options.ts';

/**
 * The crowning controller's keys under `paddock up` (flags, `PADDOCK_*`, YAML): off unless
 * `crown` (an inventory label selector) or `crownHosts` names the cluster's hosts.
 */
export const crownConfigSchema = z.object({
  /** The cluster's hosts: the inventory's ready nodes this selector matches, in name order. */
  crown: z.string().min(1).optional(),
  /** Or the hosts themselves: `NAME=ADDRESS[:PORT]`, comma-separated (after the selector's). */
  crownHosts: z.string().min(1).optional(),
  crownCluster: z.string().min(1).default(DEPLOY_DEFAULTS.cluster),
  /** Control-plane members kept. */
  crownMasters: z.coerce.number().int().min(1).max(9).default(DEPLOY_DEFAULTS.masters),
  /** Seconds a member may be unhealthy before it is replaced. */
  crownGrace: z.coerce.number().int().min(1).max(86_400).default(DEPLOY_DEFAULTS.grace),
  /** Seconds between passes. */
  crownInterval: z.coerce.number().int().min(1).max(3_600).default(10),
});

export type CrownConfig = z.infer<typeof crownConfigSchema>;

export const crownEnabled = (c: CrownConfig): boolean => c.crown !== undefined || c.crownHosts !== undefined;
