/** `paddock scanner vendors [update --from DIR]`: where vendor names come from, and replacing them. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { VendorSource } from '@paddock/proto/scanner/v1/scanner.ts';
import { VENDOR_FILES } from '@paddock/scanner';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { printJson, printTable } from '../output.ts';
import { withScanner } from './scanner-client.ts';

function printSources(sources: VendorSource[], json?: boolean): void {
  if (json) {
    printJson(sources.map((s) => VendorSource.toJSON(s)));
    return;
  }
  printTable(
    ['REGISTRY', 'PREFIXES', 'FILE', 'MODIFIED'],
    sources.map((s) => [s.registry, String(s.prefixes), s.path, new Date(Number(s.modifiedUnixMs)).toISOString()]),
  );
}

function updateCommand(): Command {
  return withClientOptions(
    new Command('update')
      .description(
        `install IEEE registry files (${Object.keys(VENDOR_FILES).join(', ')}) from a directory into the server`,
      )
      .requiredOption('--from <dir>', 'directory holding the CSVs, e.g. a newer ieee-data'),
  ).action(async (flags: ClientFlags & { from: string }) =>
    withScanner(flags, async (client) => {
      const files = Object.keys(VENDOR_FILES)
        .filter((name) => existsSync(join(flags.from, name)))
        // Compressed: oui.csv alone is 3 MB, near gRPC's default 4 MB message limit.
        .map((name) => ({ name, content: gzipSync(readFileSync(join(flags.from, name))) }));
      if (files.length === 0) throw new Error(`${flags.from} holds none of ${Object.keys(VENDOR_FILES).join(', ')}`);
      const { sources } = await client.updateVendors({ files }, { deadlineMs: 120_000 });
      printSources(sources, flags.json);
    }),
  );
}

export function vendorsCommand(): Command {
  const cmd = withClientOptions(
    new Command('vendors').description('show where vendor names come from (update: replace them)'),
  ).action(async (flags: ClientFlags) =>
    withScanner(flags, async (client) => printSources((await client.getVendorSources({})).sources, flags.json)),
  );
  cmd.addCommand(updateCommand());
  return cmd;
}
