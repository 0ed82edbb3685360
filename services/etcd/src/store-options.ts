import { z } from 'zod';
import { parseStoreUrl } from './store-url.ts';

/**
 * The `--store` and `--site` keys, one definition for every service that keeps state, so that
 * `paddock up` (whose schema merges the services' keys) reads them once for all of them.
 */
export const storeOptions = {
  /** `sqlite` (in the data dir) or `etcd://host:port[,host:port][/prefix]` (several servers, one site). */
  store: z
    .string()
    .default('sqlite')
    .transform((v, ctx) => {
      const t = parseStoreUrl(v);
      if (!('error' in t)) return t;
      ctx.addIssue({ code: 'custom', message: t.error });
      return z.NEVER;
    }),
  /** The site's id: etcd keys live under /paddock/<site>/, and a prefix holding another site is refused. */
  site: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a site id is lowercase letters, digits and dashes')
    .default('default'),
};

/** The prefix a site's keys live under: the URL's path, else /paddock/<site>/. */
export function sitePrefix(target: { prefix?: string | undefined }, site: string): string {
  return target.prefix ?? `/paddock/${site}/`;
}
