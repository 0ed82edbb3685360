/** `paddock scanner serve`'s run: the server, loaded only when that verb runs. */
import { loadConfig } from '@paddock/runtime';
import { createScanner, scannerConfigSchema, toScannerOptions } from '@paddock/scanner';
import { serve, serveSchema } from '../serve.ts';

export async function serveScanner(flags: Record<string, unknown>, ports: { grpc: number; http: number }) {
  const config = loadConfig(serveSchema(scannerConfigSchema.shape), { flags });
  await serve('scanner', config, ports, [createScanner(toScannerOptions(config))]);
}
