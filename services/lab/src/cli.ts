import { spawn } from 'node:child_process';
import { Command, InvalidArgumentError } from 'commander';
import { type LabState, type LabSummary, labDown, labHostNetns, labList, labUp, STATE_DIR } from './cli-state.ts';
import { exitCode } from './run.ts';

export interface LabCommandOptions {
  /** Where state files go; default /run/paddock-lab. */
  stateDir?: string;
  /** Where output goes; default standard output. */
  out?: (text: string) => void;
}

const DEFAULT_NAME = 'paddock';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 250) throw new InvalidArgumentError('must be a whole number 0-250');
  return n;
}

function describeState(s: LabState): string {
  const rows = s.hosts.map(
    (h) =>
      `  ${h.name.padEnd(9)} ${h.netns.padEnd(24)} ${h.ifname} ${h.mac}  ${h.addresses.join(' ') || '(no address)'}`,
  );
  const client = s.hosts.find((h) => h.name !== 'server');
  return [
    `lab ${s.name}: ${s.subnet}, bridge ${s.bridge.name} in ${s.bridge.netns}`,
    ...rows,
    `try: paddock lab exec ${s.name} ${client?.name ?? 'server'} -- ip addr`,
    `remove: paddock lab down ${s.name}`,
  ].join('\n');
}

function describeSummary(l: LabSummary): string {
  const what = l.state ? `${l.state.subnet}, ${l.state.hosts.map((h) => h.name).join(' ')}` : '(no state file)';
  const health = l.state && l.namespaces.length !== l.state.hosts.length + 1 ? ' [incomplete]' : '';
  return `${l.name}  ${what}  ${l.namespaces.length} namespaces${health}`;
}

/** `paddock lab …`: isolated lab networks for people, never touching the host's own interfaces. */
export function labCommand(opts: LabCommandOptions = {}): Command {
  const dir = opts.stateDir ?? STATE_DIR;
  const out = opts.out ?? ((text: string) => process.stdout.write(`${text}\n`));
  const lab = new Command('lab').description('build and tear down isolated lab networks (network namespaces)');

  lab
    .command('up')
    .description('make a switch, a "server" host at .1 and client hosts')
    .option('--name <name>', 'lab name', DEFAULT_NAME)
    .option('--hosts <n>', 'number of client hosts', positiveInt, 2)
    .option('--subnet <cidr>', 'lab subnet; the server gets the first address', '10.99.0.0/24')
    .option('--client-addresses', 'give clients static addresses too (default: none, ready for DHCP)')
    .option('--json', 'print the lab as JSON')
    .action(async (o: { name: string; hosts: number; subnet: string; clientAddresses?: boolean; json?: boolean }) => {
      const state = await labUp(
        { name: o.name, hosts: o.hosts, subnet: o.subnet, clientAddresses: o.clientAddresses === true },
        dir,
      );
      out(o.json ? JSON.stringify(state) : describeState(state));
    });

  lab
    .command('down')
    .description('delete a lab made by "lab up", with every process inside it')
    .argument('[name]', 'lab name', DEFAULT_NAME)
    .action(async (name: string) => {
      const deleted = await labDown(name, dir);
      out(`lab ${name} removed (${deleted.length} namespaces)`);
    });

  lab
    .command('list')
    .description('list labs made by "lab up"')
    .option('--json', 'print as JSON')
    .action(async (o: { json?: boolean }) => {
      const labs = await labList(dir);
      if (o.json) out(JSON.stringify(labs));
      else out(labs.length === 0 ? 'no labs' : labs.map(describeSummary).join('\n'));
    });

  lab
    .command('exec')
    .description('run a command inside a lab host: paddock lab exec NAME HOST -- CMD...')
    .argument('<name>', 'lab name')
    .argument('<host>', 'host name, e.g. server or client1')
    .argument('<command...>', 'command and its arguments (after --)')
    .action(async (name: string, host: string, command: string[]) => {
      const netns = labHostNetns(name, host);
      const child = spawn('ip', ['netns', 'exec', netns, ...command], { stdio: 'inherit' });
      process.exitCode = await new Promise<number>((resolve) => {
        child.on('error', () => resolve(127));
        child.on('close', (code, signal) => resolve(exitCode(code, signal)));
      });
    });

  return lab;
}
