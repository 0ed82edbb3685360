/** `paddock scanner schedule [--every SECONDS | --off]`: periodic scans, kept across restarts. */
import { Schedule } from '@paddock/proto/scanner/v1/scanner.ts';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { printFields, printJson } from '../output.ts';
import { intOption, withScanner } from './scanner-client.ts';

export function scheduleCommand(): Command {
  return withClientOptions(
    new Command('schedule')
      .description('show or change the periodic scan of the interface subnets')
      .option('--every <seconds>', 'scan this often (at least 10)')
      .option('--off', 'stop periodic scans'),
  ).action(async (flags: ClientFlags & { every?: string; off?: boolean }) =>
    withScanner(flags, async (client) => {
      let schedule = (await client.getSchedule({})).schedule ?? { intervalSeconds: 0 };
      if (flags.off || flags.every !== undefined) {
        const intervalSeconds = flags.off ? 0 : intOption('every', flags.every);
        schedule = (await client.setSchedule({ schedule: { ...schedule, intervalSeconds } })).schedule ?? schedule;
      }
      if (flags.json) return printJson(Schedule.toJSON(schedule));
      printFields([
        ['periodic scan', schedule.intervalSeconds ? `every ${schedule.intervalSeconds} s` : 'off'],
        ['cidrs', schedule.options?.cidrs.join(', ') || '(the interface subnets)'],
      ]);
    }),
  );
}
