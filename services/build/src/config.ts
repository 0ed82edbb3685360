import { z } from 'zod';

/**
 * The build service's configuration keys (flags, PADDOCK_* and YAML like every server's).
 * Inputs and cache default to `<data-dir>/build/`; the user builds drop to when started as
 * root defaults to nobody.
 */
export const buildConfigSchema = z.object({
  buildConcurrency: z.coerce.number().int().min(1).max(16).default(1),
  buildTimeout: z.coerce
    .number()
    .int()
    .min(1)
    .max(6 * 3600)
    .default(1800),
  /** The most bytes any one file a build writes may hold (default 2 GiB). */
  buildFileLimit: z.coerce
    .number()
    .int()
    .min(1 << 20)
    .default(2 ** 31),
  buildInputs: z.string().min(1).optional(),
  buildCache: z.string().min(1).optional(),
  buildUser: z
    .string()
    .regex(/^\d+:\d+$/, 'uid:gid')
    .default('65534:65534'),
});

export type BuildConfig = z.infer<typeof buildConfigSchema>;
