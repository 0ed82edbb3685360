/** `paddock scanner vendor MAC...` and `paddock scanner service PORT[/tcp|/udp]...`. */
import { Protocol, ServiceName, Vendor } from '@paddock/proto/scanner/v1/scanner.ts';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { printJson, printTable } from '../output.ts';
import { withScanner } from './scanner-client.ts';

function vendorCommand(): Command {
  return withClientOptions(
    new Command('vendor').description('name the organisation behind MAC addresses').argument('<macs...>'),
  ).action(async (macs: string[], flags: ClientFlags) =>
    withScanner(flags, async (client) => {
      const { vendors } = await client.lookupVendor({ macs });
      if (flags.json) return printJson(vendors.map((v) => Vendor.toJSON(v)));
      printTable(
        ['MAC', 'VENDOR', 'REGISTRY', 'PREFIX'],
        vendors.map((v, i) => [
          macs[i] ?? '',
          v.organization || v.note || '(unknown)',
          v.locallyAdministered ? 'local' : v.registry,
          v.prefix,
        ]),
      );
    }),
  );
}

function serviceCommand(): Command {
  return withClientOptions(
    new Command('service')
      .description('name the service registered for ports')
      .argument('<ports...>', 'e.g. 22 or 53/udp'),
  ).action(async (ports: string[], flags: ClientFlags) =>
    withScanner(flags, async (client) => {
      const found: ServiceName[] = [];
      for (const text of ports) {
        const m = /^(\d+)(?:\/(tcp|udp))?$/.exec(text);
        if (!m) throw new Error(`not a port: ${JSON.stringify(text)} (expected e.g. 22 or 53/udp)`);
        const protocol =
          m[2] === 'tcp'
            ? Protocol.PROTOCOL_TCP
            : m[2] === 'udp'
              ? Protocol.PROTOCOL_UDP
              : Protocol.PROTOCOL_UNSPECIFIED;
        found.push(...(await client.lookupService({ port: Number(m[1]), protocol })).services);
      }
      if (flags.json) return printJson(found.map((s) => ServiceName.toJSON(s)));
      printTable(
        ['PORT', 'NAME', 'ALIASES', 'DESCRIPTION'],
        found.map((s) => [
          `${s.port}/${s.protocol === Protocol.PROTOCOL_UDP ? 'udp' : 'tcp'}`,
          s.name,
          s.aliases.join(' '),
          s.description,
        ]),
      );
    }),
  );
}

export function lookupCommands(): Command[] {
  return [vendorCommand(), serviceCommand()];
}
