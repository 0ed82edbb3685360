import { labCommand } from '@paddock/lab/cli';
import { ConfigError, describeGrpcError, PaddockError, VERSION } from '@paddock/runtime';
import { Command, CommanderError } from 'commander';
import { bootCommand } from './boot/boot.ts';
import { demoCommand } from './demo/demo-command.ts';
import { dhcpCommand } from './dhcp/command.ts';
import { nodesCommand } from './inventory/nodes.ts';
import { powerCommand } from './inventory/power.ts';
import { inventoryCommand } from './inventory/serve.ts';
import { scannerCommand } from './scanner/scanner-command.ts';
import { wakeCommand } from './scanner/wake-command.ts';
import { statusCommand } from './status.ts';
import { tokenCommand } from './token.ts';
import { upCommand } from './up.ts';

const program = new Command('paddock')
  .description('Paddock: find, wake, address, network-boot and keep track of bare-metal machines')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

program.addCommand(upCommand());
program.addCommand(statusCommand());
program.addCommand(tokenCommand());
program.addCommand(labCommand());
program.addCommand(scannerCommand());
program.addCommand(wakeCommand());
program.addCommand(bootCommand());
program.addCommand(dhcpCommand());
program.addCommand(inventoryCommand());
program.addCommand(nodesCommand());
program.addCommand(powerCommand());
program.addCommand(demoCommand());

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = fail(err);
}

/** One clear line on stderr and a non-zero exit code; no stack traces for expected failures. */
function fail(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode;
  if (err instanceof ConfigError || err instanceof PaddockError) {
    process.stderr.write(`paddock: ${err.message}\n`);
    return 2;
  }
  if (typeof (err as { code?: unknown }).code === 'number') {
    process.stderr.write(`paddock: ${describeGrpcError(err)}\n`);
    return 1;
  }
  process.stderr.write(`paddock: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env['PADDOCK_DEBUG']) console.error(err);
  return 1;
}
