// Writes paddock(1) and paddock.yaml(5) from the CLI's own help, so the pages never drift from it.
//   node scripts/man-pages.ts OUTDIR
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../services/cli/src/commands.ts';

// commander's types, reached through the CLI (the repository root does not depend on commander).
type Command = Awaited<ReturnType<(typeof COMMANDS)[number]['load']>>;
type Option = Command['options'][number];

import { VERSION } from '../services/runtime/src/version.ts';

const out = process.argv[2] ?? 'man';
const date = new Date(Number(process.env['SOURCE_DATE_EPOCH'] ?? Date.now() / 1000) * 1000).toISOString().slice(0, 10);
/** roff: a backslash is an escape, and a line starting with . or ' is a request. */
const esc = (text: string) =>
  text
    .replaceAll('\\', '\\e')
    .replaceAll('-', '\\-')
    .split('\n')
    .map((l) => (/^[.']/.test(l) ? `\\&${l}` : l))
    .join('\n');

function walk(cmd: Command, path: string[]): string[] {
  const here = [...path, cmd.name()];
  const help = cmd.helpInformation().replace(/^Usage: \S+/, `Usage: ${here.join(' ')}`);
  return [`.SS "${here.join(' ')}"`, '.nf', esc(help.trimEnd()), '.fi', ...cmd.commands.flatMap((c) => walk(c, here))];
}

const commands = await Promise.all(COMMANDS.map((c) => c.load()));
const page1 = [
  `.TH PADDOCK 1 "${date}" "paddock ${VERSION}" "Paddock"`,
  '.SH NAME',
  'paddock \\- find, wake, address, network\\-boot and keep track of bare\\-metal machines',
  '.SH SYNOPSIS',
  '.B paddock',
  '.I command',
  '[\\fIoptions\\fR]',
  '.SH DESCRIPTION',
  'One command runs every Paddock service (\\fBpaddock up\\fR); each service also runs alone',
  '(\\fBpaddock dhcp serve\\fR, \\fBboot serve\\fR, \\fBscanner serve\\fR, \\fBinventory serve\\fR), and the',
  'other verbs are clients of a running server. Every flag can also be given as an environment',
  'variable (named in its help) or as a key of the YAML file given with \\fB\\-\\-config\\fR; see',
  '.BR paddock.yaml (5).',
  '.SH COMMANDS',
  ...commands.flatMap((c) => walk(c, ['paddock'])),
  '.SH FILES',
  '.TP',
  '.I /etc/paddock/paddock.yaml',
  'configuration of \\fBpaddock.service\\fR',
  '.TP',
  '.I /var/lib/paddock',
  'data dir: databases, PKI, admin token',
  '.SH SEE ALSO',
  '.BR paddock.yaml (5),',
  '.BR systemctl (1)',
];

const up = commands.find((c) => c.name() === 'up') as Command;
const keyOf = (o: Option) => (o.long ?? '').replace(/^--/, '');
const page5 = [
  `.TH PADDOCK.YAML 5 "${date}" "paddock ${VERSION}" "Paddock"`,
  '.SH NAME',
  'paddock.yaml \\- configuration of a Paddock server',
  '.SH DESCRIPTION',
  'A YAML mapping read by \\fBpaddock up \\-\\-config\\fR \\fIFILE\\fR (and by each \\fBserve\\fR verb). Each key is',
  'the name of a command-line flag without its dashes (\\fBgrpc\\-listen\\fR or \\fBgrpc_listen\\fR); a flag or',
  'environment variable given as well wins over the file. Unknown keys are refused with their name.',
  'The keys of \\fBpaddock up\\fR:',
  ...up.options
    .filter((o) => o.long && !['--config', '--help'].includes(o.long))
    .flatMap((o) => [
      '.TP',
      `.B ${esc(keyOf(o))}${o.required || o.optional ? ' \\fIvalue\\fR' : ' (true or false)'}`,
      esc(o.description),
    ]),
  '.SH EXAMPLE',
  '.nf',
  'interface: eth1',
  'subnet: 10.0.0.0/24',
  'range: 10.0.0.100\\-10.0.0.200',
  '.fi',
  '.SH SEE ALSO',
  '.BR paddock (1)',
];

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'paddock.1'), `${page1.join('\n')}\n`);
writeFileSync(join(out, 'paddock.yaml.5'), `${page5.join('\n')}\n`);
