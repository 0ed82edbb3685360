import { z } from 'zod';

/**
 * The keys service's own configuration keys (flags, PADDOCK_* and YAML like every server's):
 * where the passphrase sealing the CA keys comes from. The inline form has no flag, so it
 * never shows in a process list: PADDOCK_KEYS_PASSPHRASE or the YAML file only.
 */
export const keysConfigSchema = z.object({
  keysPassphraseFile: z.string().min(1).optional(),
  keysPassphrase: z.string().min(1).optional(),
});

export type KeysServeConfig = z.infer<typeof keysConfigSchema>;
