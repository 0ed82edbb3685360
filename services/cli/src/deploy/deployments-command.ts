import type { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { printJson, printTable } from '../output.ts';
import { stateName, withDeploy } from './on-server.ts';
import { deployServeCommand } from './serve.ts';

/** `paddock deploy serve|list|show|cancel`: the deploy service, and its deployments. */
export function deployVerbs(cmd: Command): void {
  deployServeCommand(cmd.command('serve'));
  withClientOptions(cmd.command('list').description("the server's deployments")).action((f: ClientFlags) =>
    withDeploy(f, async (c) => {
      const { deployments } = await c.listDeployments({});
      if (f.json) return printJson(deployments);
      printTable(
        ['ID', 'SET', 'STATE', 'STAGE', 'HOSTS', 'CHANGED', 'ERROR'],
        deployments.map((d) => [
          d.id,
          d.set,
          stateName(d),
          d.stage,
          String(d.hosts.length),
          String(d.changed),
          d.error,
        ]),
      );
    }),
  );
  withClientOptions(
    cmd
      .command('show')
      .description("a deployment's hosts: stage, step, error and the end of each log")
      .argument('<id>'),
  )
    .option('--lines <n>', 'log lines per host', '10')
    .action((id: string, f: ClientFlags & { lines: string }) =>
      withDeploy(f, async (c) => {
        const { deployment: d } = await c.getDeployment({ id, logLines: Number(f.lines) });
        if (f.json) return printJson(d);
        if (!d) return;
        process.stdout.write(`${d.id} ${d.set}: ${stateName(d)}${d.error ? `: ${d.error}` : ''}\n`);
        if (d.decision) process.stdout.write(`${d.decision}\n`);
        for (const h of d.hosts) {
          process.stdout.write(
            `${h.name} (${h.address}) [${h.stage}] ${h.stepsDone}/${h.stepTotal}${h.error ? ` failed: ${h.error}` : ''}\n`,
          );
          for (const s of h.steps)
            process.stdout.write(`  ${s.status.padEnd(9)} ${s.title}${s.detail ? `: ${s.detail}` : ''}\n`);
          for (const l of h.logTail) process.stdout.write(`  | ${l}\n`);
        }
      }),
    );
  withClientOptions(
    cmd.command('cancel').description('stop a deployment running on the server').argument('<id>'),
  ).action((id: string, f: ClientFlags) =>
    withDeploy(f, async (c) => {
      const { deployment } = await c.cancelDeployment({ id });
      if (f.json) return printJson(deployment);
      process.stdout.write(`${deployment?.id}: ${deployment ? stateName(deployment) : ''}\n`);
    }),
  );
}
