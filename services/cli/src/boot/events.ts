import { eventKindName } from '@paddock/boot';
import { BootEvent } from '@paddock/proto/boot/v1/boot.ts';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { runWatchVerb } from '../follow.ts';
import { printJson } from '../output.ts';
import { bootClient } from './files.ts';

const line = (e: BootEvent) =>
  [
    String(e.revision).padStart(6),
    new Date(Number(e.timeUnixMs)).toISOString().slice(11, 23),
    (e.mac || '-').padEnd(17),
    (e.ip || '-').padEnd(15),
    eventKindName(e.kind).padEnd(15),
    e.file,
    e.bytes ? `${e.bytes} B` : '',
    e.durationMs ? `${e.durationMs} ms` : '',
    e.rule ? `rule ${e.rule}` : '',
    e.detail,
  ]
    .filter(Boolean)
    .join('  ');

/** `paddock boot events`: the boot timeline, and with --follow the live stream (resumable with --from). */
export function eventsCommand(): Command {
  return withClientOptions(new Command('events').description('boot events per machine: history, or live with --follow'))
    .option('--mac <mac>', 'only this machine')
    .option('--from <revision>', 'only events after this revision', '0')
    .option('-f, --follow', 'keep printing new events')
    .action(async (flags: ClientFlags & { mac?: string; from: string; follow?: boolean }) => {
      const client = await bootClient(flags);
      try {
        await runWatchVerb({
          open: (fromRevision, signal) =>
            client.watchEvents({ watch: { fromRevision }, mac: flags.mac ?? '' }, { signal }),
          from: BigInt(flags.from),
          follow: Boolean(flags.follow),
          // The history is the output: no "synced" line between it and the live events.
          markers: false,
          print: ({ event }) => {
            if (!event) return;
            if (flags.json) printJson(BootEvent.toJSON(event));
            else process.stdout.write(`${line(event)}\n`);
          },
        });
      } finally {
        client.close();
      }
    });
}
