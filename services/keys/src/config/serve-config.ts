import { z } from 'zod';

/**
 * The keys service's own configuration keys (flags, PADDOCK_* and YAML like every server's):
 * where the passphrase sealing the CA keys comes from, and how long node certificates live. The inline form has no flag, so it
 * never shows in a process list: PADDOCK_KEYS_PASSPHRASE or the YAML file only.
 */
export const keysConfigSchema = z.object({
  keysPassphraseFile: z.string().min(1).optional(),
  keysPassphrase: z.string().min(1).optional(),
  /** Lifetime of node and joined services' certificates, in seconds (default 7 days). */
  keysNodeCertTtl: z.coerce
    .number()
    .int()
    .min(10)
    .max(365 * 86_400)
    .optional(),
});

export type KeysServeConfig = z.infer<typeof keysConfigSchema>;
