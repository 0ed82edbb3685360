/**
 * The scanner's serve settings as a schema, for the command's entry point to parse once
 * (flags, PADDOCK_* environment, YAML) with the runtime's loadConfig.
 */
import { storeOptions } from '@paddock/etcd';
import { z } from 'zod';
import type { ScannerModuleOptions } from './scanner-module.ts';

export const scannerConfigSchema = z.object({
  interface: z.string().min(1).optional(),
  scanInterval: z.coerce.number().int().min(0).optional(),
  vendorDir: z.string().min(1).optional(),
  servicesFile: z.union([z.string(), z.array(z.string())]).optional(),
  ...storeOptions,
});

export type ScannerConfig = z.infer<typeof scannerConfigSchema>;

export function toScannerOptions(c: ScannerConfig): ScannerModuleOptions {
  const files = c.servicesFile === undefined ? [] : [c.servicesFile].flat();
  return {
    ...(c.interface && { interface: c.interface }),
    ...(c.scanInterval !== undefined && { scanIntervalSeconds: c.scanInterval }),
    ...(c.vendorDir && { vendorDir: c.vendorDir }),
    serviceFiles: [...files, '/etc/services'],
    store: c.store,
    site: c.site,
  };
}
