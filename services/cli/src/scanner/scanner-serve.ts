/** `paddock scanner serve`'s run: the server, loaded only when that verb runs. */
import { createScanner, scannerConfigSchema, toScannerOptions } from '@paddock/scanner';
import { serverRun } from '../serve.ts';

export const run = serverRun(scannerConfigSchema.shape, (config) => [createScanner(toScannerOptions(config))]);
