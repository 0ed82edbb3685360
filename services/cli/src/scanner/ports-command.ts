/** `paddock scanner ports TARGET...`: a TCP (connect or SYN) and/or UDP port scan. */
import {
  PortScan,
  type PortState,
  Protocol,
  portStateToJSON,
  ScanState,
  TcpMethod,
} from '@paddock/proto/scanner/v1/scanner.ts';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { printJson, printTable } from '../output.ts';
import { intOption, withScanner } from './scanner-client.ts';

interface PortFlags extends ClientFlags {
  ports?: string;
  udp?: boolean;
  tcp?: boolean;
  syn?: boolean;
  concurrency?: string;
  timeout?: string;
  retries?: string;
}

export function portsCommand(): Command {
  return withClientOptions(
    new Command('ports')
      .description('scan the ports of hosts and print the ones not closed')
      .argument('<targets...>', 'IPv4 addresses or CIDRs')
      .option('-p, --ports <list>', 'ports and ranges, e.g. 22,80,8000-8100 (default 1-1024)')
      .option('--udp', 'scan UDP (with protocol probes); alone, UDP only')
      .option('--tcp', 'scan TCP too when --udp is given')
      .option('--syn', 'TCP SYN scan from the server interface instead of connect()')
      .option('--concurrency <n>', 'probes in flight (default 512)')
      .option('--timeout <ms>', 'wait per probe (default 1000)')
      .option('--retries <n>', 'extra UDP probes for silent ports (default 1)'),
  ).action(async (targets: string[], flags: PortFlags) =>
    withScanner(flags, async (client) => {
      const protocols = [
        ...(!flags.udp || flags.tcp ? [Protocol.PROTOCOL_TCP] : []),
        ...(flags.udp ? [Protocol.PROTOCOL_UDP] : []),
      ];
      const options = {
        targets,
        ports: flags.ports ?? '',
        protocols,
        tcpMethod: flags.syn ? TcpMethod.TCP_METHOD_SYN : TcpMethod.TCP_METHOD_CONNECT,
        concurrency: intOption('concurrency', flags.concurrency),
        timeoutMs: intOption('timeout', flags.timeout),
        udpRetries: intOption('retries', flags.retries),
      };
      const { portScan } = await client.startPortScan({ options, wait: true }, { deadlineMs: 6 * 3600_000 });
      if (!portScan) throw new Error('the server sent no port scan');
      if (flags.json) return printJson(PortScan.toJSON(portScan));
      if (portScan.state === ScanState.SCAN_STATE_FAILED) throw new Error(`port scan failed: ${portScan.error}`);
      const state = (s: PortState) => portStateToJSON(s).replace('PORT_STATE_', '').toLowerCase().replace('_', '|');
      printTable(
        ['HOST', 'PORT', 'STATE', 'SERVICE', 'REASON'],
        portScan.results.map((r) => [
          r.ip,
          `${r.port}/${r.protocol === Protocol.PROTOCOL_UDP ? 'udp' : 'tcp'}`,
          state(r.state),
          r.service,
          r.reason,
        ]),
      );
      const ms = Number(portScan.finishedAtUnixMs - portScan.startedAtUnixMs);
      const counts = Object.entries(portScan.counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ');
      process.stdout.write(`${portScan.probesDone} probes (${counts}) in ${(ms / 1000).toFixed(2)} s\n`);
    }),
  );
}
