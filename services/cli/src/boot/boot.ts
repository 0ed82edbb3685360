import { ARCH_NAMES, archOf } from '@paddock/boot';
import { PreviewBootResponse } from '@paddock/proto/boot/v1/boot.ts';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { printFields, printJson } from '../output.ts';
import { lazyServe, withServeOptions } from '../serve-options.ts';
import { eventsCommand } from './events.ts';
import { bootClient, filesCommand } from './files.ts';
import { rulesCommand, scriptsCommand } from './rules.ts';
import { BOOT_PORTS, withBootOptions, withInventoryFollowOptions } from './serve.ts';

function previewCommand(): Command {
  return withClientOptions(
    new Command('preview').description(
      "what a machine would be told to boot, with the inventory's labels and boot rule for it (nothing recorded)",
    ),
  )
    .requiredOption('--mac <mac>', 'the machine')
    .option(
      '--arch <n>',
      `option 93 value (0 BIOS, 7 x64 UEFI, 16 x64 HTTP boot); families: ${ARCH_NAMES.join(', ')}`,
      '0',
    )
    .option('--ipxe', 'as iPXE asks (user class iPXE)')
    .option('--http', 'as UEFI HTTP boot asks (vendor class HTTPClient)')
    .action(async (flags: ClientFlags & { mac: string; arch: string; ipxe?: boolean; http?: boolean }) => {
      const client = await bootClient(flags);
      try {
        const arch = Number(flags.arch);
        const r = await client.previewBoot({
          mac: flags.mac,
          arch,
          userClass: flags.ipxe ? 'iPXE' : '',
          vendorClass: flags.http ? 'HTTPClient' : 'PXEClient',
          ip: '',
        });
        if (flags.json) return printJson(PreviewBootResponse.toJSON(r));
        printFields([
          ['machine', `${flags.mac} (${archOf(arch)}${flags.ipxe ? ', iPXE' : ''})`],
          ['rule', r.rule || '(none matched)'],
          ['why', r.reason],
          ...r.skipped.map((x): [string, string] => ['skipped', x]),
          ['answer', r.ignored ? 'none' : r.httpUrl ? `http ${r.httpUrl}` : `tftp ${r.nextServer} ${r.bootFile}`],
        ]);
        if (r.script) process.stdout.write(`\n${r.script}`);
      } finally {
        client.close();
      }
    });
}

/** `paddock boot ...`: the network-boot server and its client verbs. */
export function bootCommand(): Command {
  const cmd = new Command('boot').description(
    'network boot: TFTP, HTTP, proxyDHCP, boot rules, iPXE scripts, boot events',
  );
  cmd.addCommand(
    withInventoryFollowOptions(
      withBootOptions(withServeOptions(new Command('serve').description('run the boot service'), BOOT_PORTS)),
      // The server is loaded only for `serve`: the client verbs start without it.
    ).action(lazyServe('boot', BOOT_PORTS, () => import('./run-serve.ts'))),
  );
  cmd.addCommand(filesCommand());
  cmd.addCommand(rulesCommand());
  cmd.addCommand(scriptsCommand());
  cmd.addCommand(previewCommand());
  cmd.addCommand(eventsCommand());
  return cmd;
}
