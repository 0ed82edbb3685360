/** `paddock wake MAC`: send the magic packet and follow the wake until it is awake or failed. */
import { WakeRecord, WakeState, wakeStateToJSON } from '@paddock/proto/scanner/v1/wake.ts';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { waitOnWatch } from '../follow.ts';
import { printJson } from '../output.ts';
import { intOption, withWake } from './scanner-client.ts';

interface WakeFlags extends ClientFlags {
  ip?: string;
  password?: string;
  timeout?: string;
  port?: string;
  wait?: boolean;
}

/** A server too old to say its wake's timeout used this. */
const WAKE_DEFAULT_MS = 120_000;

const stateName = (s: WakeState) => wakeStateToJSON(s).replace('WAKE_STATE_', '').toLowerCase();

export function wakeCommand(): Command {
  return withClientOptions(
    new Command('wake')
      .description('wake a machine with Wake-on-LAN and wait until it answers')
      .argument('<mac>', "the machine's MAC address")
      .option('--ip <address>', 'its address, to probe (default: the last one a scan saw)')
      .option('--password <secureon>', 'SecureOn password: a.b.c.d or aa:bb:cc:dd:ee:ff')
      .option('--timeout <ms>', 'give up after (default 120000)')
      .option('--port <n>', 'UDP port of the broadcast copy (default 9)')
      .option('--no-wait', 'send and return at once'),
  ).action(async (mac: string, flags: WakeFlags) =>
    withWake(flags, async (client) => {
      const { wake } = await client.wake({
        mac,
        ip: flags.ip ?? '',
        password: flags.password ?? '',
        timeoutMs: intOption('timeout', flags.timeout),
        port: intOption('port', flags.port),
      });
      if (!wake) throw new Error('the server sent no wake');
      let last = wake;
      if (flags.wait !== false) {
        // A wake ends (awake or failed) within its timeout; the margin covers a server restart.
        last = await waitOnWatch({
          open: (fromRevision, signal) => client.watchWakes({ watch: { fromRevision } }, { signal }),
          from: 0n,
          until: ({ event }) =>
            event?.wake?.id === wake.id && event.wake.state !== WakeState.WAKE_STATE_WAKING ? event.wake : undefined,
          timeoutMs: (wake.timeoutMs || WAKE_DEFAULT_MS) + 30_000,
          missed: () => `wake ${wake.id} of ${mac} did not finish`,
        });
      }
      if (flags.json) printJson(WakeRecord.toJSON(last));
      else {
        const secs = last.finishedAtUnixMs
          ? ` after ${(Number(last.finishedAtUnixMs - last.requestedAtUnixMs) / 1000).toFixed(1)} s`
          : '';
        process.stdout.write(`${last.mac} ${stateName(last.state)}${secs}${last.detail ? ` (${last.detail})` : ''}\n`);
      }
      if (last.state === WakeState.WAKE_STATE_FAILED) process.exitCode = 1;
    }),
  );
}
