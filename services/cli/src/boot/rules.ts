import { readFileSync } from 'node:fs';
import { type Rule, ruleFromPb, ruleToPb } from '@paddock/boot';
import { ScriptTemplate } from '@paddock/proto/boot/v1/boot.ts';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { printJson, printTable } from '../output.ts';
import { bootClient } from './files.ts';

const describeMatch = (r: Rule) =>
  [
    r.match.macs.length ? `mac ${r.match.macs.join(',')}` : '',
    r.match.archs.length ? `arch ${r.match.archs.join(',')}` : '',
    r.match.ipxe !== 'any' ? `ipxe ${r.match.ipxe}` : '',
    ...Object.entries(r.match.labels).map(([k, v]) => `${k}=${v}`),
  ]
    .filter(Boolean)
    .join(' ') || 'any';
const describeAction = (r: Rule) =>
  r.action.kind === 'ignore' ? 'ignore' : `${r.action.kind} ${Object.values(r.action)[1]}`;

/** `paddock boot rules`: list, put (YAML or JSON, one rule or a list) and remove boot rules. */
export function rulesCommand(): Command {
  const cmd = new Command('rules').description('boot rules: which machine boots what');
  withClientOptions(
    cmd.command('list', { isDefault: true }).description('list rules in the order they are tried'),
  ).action(async (flags: ClientFlags) => {
    const { parseRule } = await import('./rule-file.ts');
    const client = await bootClient(flags);
    try {
      const rules = (await client.listRules({})).rules.map((r) => parseRule(ruleFromPb(r)));
      if (flags.json) return printJson(rules);
      printTable(
        ['PRIORITY', 'NAME', 'MATCH', 'ACTION'],
        rules.map((r) => [String(r.priority), r.name, describeMatch(r), describeAction(r)]),
      );
    } finally {
      client.close();
    }
  });
  withClientOptions(
    cmd.command('put <file>').description('create or replace rules from a YAML/JSON file (- for stdin)'),
  ).action(async (file: string, flags: ClientFlags) => {
    const rules = (await import('./rule-file.ts')).readRules(file);
    const client = await bootClient(flags);
    try {
      for (const rule of rules) await client.putRule({ rule: ruleToPb(rule) });
      if (!flags.json) process.stdout.write(`stored ${rules.map((r) => r.name).join(', ')}\n`);
    } finally {
      client.close();
    }
  });
  withClientOptions(cmd.command('rm <name>').description('remove a rule')).action(
    async (name: string, flags: ClientFlags) => {
      const client = await bootClient(flags);
      try {
        await client.deleteRule({ name });
      } finally {
        client.close();
      }
    },
  );
  return cmd;
}

/** `paddock boot scripts`: iPXE script templates. */
export function scriptsCommand(): Command {
  const cmd = new Command('scripts').description('iPXE script templates that rules name');
  withClientOptions(cmd.command('list', { isDefault: true }).description('list templates')).action(
    async (flags: ClientFlags) => {
      const client = await bootClient(flags);
      try {
        const { scripts } = await client.listScripts({});
        if (flags.json) return printJson(scripts.map((s) => ScriptTemplate.toJSON(s)));
        printTable(
          ['NAME', 'LINES', 'DESCRIPTION'],
          scripts.map((s) => [s.name, String(s.body.split('\n').length), s.description]),
        );
      } finally {
        client.close();
      }
    },
  );
  withClientOptions(
    cmd.command('put <name> <file>').description('create or replace a template from a file (- for stdin)'),
  )
    .option('--description <text>', 'what it is for', '')
    .action(async (name: string, file: string, flags: ClientFlags & { description: string }) => {
      const body = readFileSync(file === '-' ? 0 : file, 'utf8');
      const client = await bootClient(flags);
      try {
        await client.putScript({ script: { name, body, description: flags.description } });
      } finally {
        client.close();
      }
    });
  withClientOptions(cmd.command('rm <name>').description('remove a template')).action(
    async (name: string, flags: ClientFlags) => {
      const client = await bootClient(flags);
      try {
        await client.deleteScript({ name });
      } finally {
        client.close();
      }
    },
  );
  return cmd;
}
