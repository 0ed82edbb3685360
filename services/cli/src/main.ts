import { VERSION } from '@paddock/runtime/version';
import { Command, CommanderError, Help } from 'commander';
import { capabilityHint } from './capability-hint.ts';
import { COMMANDS } from './commands.ts';

const program = new Command('paddock')
  .description('Paddock: find, wake, address, network-boot and keep track of bare-metal machines')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

try {
  // Only the verb being run is loaded (or the one `paddock help <verb>` asks about); the others
  // are listed by name so the top-level help and "unknown command" suggestions stay complete.
  const args = process.argv.slice(2);
  const wanted = args[0] === 'help' ? args[1] : args[0];
  for (const c of COMMANDS) {
    program.addCommand(c.name === wanted ? await c.load() : new Command(c.name).description(c.description));
  }
  const terms = new Map(COMMANDS.map((c) => [c.name, c.term]));
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? new Help().subcommandTerm(cmd) });
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = await fail(err);
}

/** One clear line on stderr and a non-zero exit code; no stack traces for expected failures. */
async function fail(err: unknown): Promise<number> {
  if (err instanceof CommanderError) return err.exitCode;
  // By name: the bundled verbs each carry their own copy of these classes.
  const name = (err as { name?: unknown }).name;
  if (name === 'ConfigError' || name === 'PaddockError') {
    process.stderr.write(`paddock: ${(err as Error).message}\n`);
    return 2;
  }
  if (typeof (err as { code?: unknown }).code === 'number') {
    const { describeGrpcError } = await import('@paddock/runtime/errors');
    process.stderr.write(`paddock: ${describeGrpcError(err)}\n`);
    return 1;
  }
  const capability = capabilityHint(err);
  const missing = capability ? ` (not root: this needs ${capability}; the systemd units grant it)` : '';
  process.stderr.write(`paddock: ${err instanceof Error ? err.message : String(err)}${missing}\n`);
  if (process.env['PADDOCK_DEBUG']) console.error(err);
  return 1;
}
