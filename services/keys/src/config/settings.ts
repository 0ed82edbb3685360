import { z } from 'zod';

/**
 * Lifetimes and limits of the keys service, in seconds. Short by default: days for nodes,
 * hours for admins, one hour for a bootstrap token. Every certificate starts `backdate`
 * seconds in the past so that a machine whose clock runs up to that much behind still
 * accepts its own certificate.
 */
export const settingsSchema = z
  .object({
    tokenTtl: z
      .number()
      .int()
      .min(60)
      .max(7 * 86_400)
      .default(3600),
    // As short as seconds for tests and demos of renewal; days by default.
    nodeCertTtl: z
      .number()
      .int()
      .min(10)
      .max(365 * 86_400)
      .default(7 * 86_400),
    hostCertTtl: z
      .number()
      .int()
      .min(600)
      .max(365 * 86_400)
      .default(7 * 86_400),
    adminCertTtl: z
      .number()
      .int()
      .min(60)
      .max(7 * 86_400)
      .default(8 * 3600),
    sshUserTtl: z
      .number()
      .int()
      .min(60)
      .max(7 * 86_400)
      .default(8 * 3600),
    backdate: z
      .number()
      .int()
      .min(0)
      .max(86_400)
      .default(15 * 60),
    /** RSA keys in requests must have at least this many bits (EC keys must be P-256 or P-384). */
    minRsaBits: z.number().int().min(2048).max(16_384).default(2048),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});
