import { join } from 'node:path';
import {
  DEPLOY_DEFAULTS,
  type DeployOptions,
  keysAuthority,
  parseHosts,
  resolveOptions,
  STEP_SETS,
} from '@paddock/deploy-service/request';
import {
  computePlan,
  formatPlan,
  openSshTransport,
  progressPrinter,
  readProgress,
  runDeployment,
  type Target,
} from '@paddock/deployers';
import { parseStoreUrl } from '@paddock/etcd';
import { PaddockError } from '@paddock/runtime';
import { Command } from 'commander';
import { withClientOptions } from '../client-options.ts';
import { withKeys } from '../keys/client.ts';
import { printJson } from '../output.ts';
import { withStoreFlags } from '../store-flags.ts';
import { makeAgentBundle } from './agent-bundle.ts';
import type { CrownFlags } from './crown-command.ts';
import { deployVerbs } from './deployments-command.ts';
import { type DeployFlags, onServer } from './on-server.ts';
import { selectorTargets } from './selector.ts';

const collect = (v: string, prev: string[] = []) => [...prev, v];
const D = DEPLOY_DEFAULTS;

/** `paddock deploy overlay|etcd|k3s|crown`: plans over SSH, then runs them with live progress; resumable. */
export function deployCommand(): Command {
  const cmd = new Command('deploy').description(
    'roll the overlay, etcd and k3s out to hosts over SSH (plans, idempotent, resumable)',
  );
  const sub = (name: string, description: string) =>
    withClientOptions(cmd.command(name).description(description))
      .option(
        '--host <name=address[:port]>',
        'a target host; repeat for each (its host certificate must name the address)',
        collect,
      )
      .option(
        '--selector <labels>',
        "the inventory's ready nodes matching a label selector (role=worker,cpu.cores>=2), after the --host ones",
      )
      .option('--plan', 'show what would change on each host, change nothing')
      .option('--on-server', "run on the server's deploy service (it keeps going if this command stops), and follow it")
      .option('--limit <n>', 'hosts worked on at once', String(D.limit))
      .option('--network <name>', 'overlay network name', D.network)
      .option('--subnet <cidr>', 'overlay addresses (host N of the list gets address N)', D.subnet)
      .option('--transit <cidr>', 'WireGuard tunnel addresses', D.transit)
      .option('--vni <n>', 'VXLAN network identifier', String(D.vni))
      .option('--port <n>', 'WireGuard UDP port', String(D.port));

  sub('overlay', 'install and start the overlay agent on the hosts and join them to one network')
    .option('--agent <command>', 'how the hosts run the agent', D.agent)
    .option(
      '--agent-bundle <dir>',
      'push DIR/node and DIR/overlay-agent.mjs to each host and run the agent from there (hosts without Paddock)',
    )
    .action((f: DeployFlags) => deploy('overlay', f));

  cmd
    .command('agent-bundle')
    .description('make an overlay agent bundle for --agent-bundle: this Node.js runtime and the agent in one file')
    .argument('<dir>', 'where to write node and overlay-agent.mjs')
    .action(async (dir: string) => {
      await makeAgentBundle(dir);
      process.stdout.write(`agent bundle in ${dir}: node, overlay-agent.mjs\n`);
    });

  sub(
    'etcd',
    "a TLS etcd cluster (Debian etcd-server) on the hosts' overlay addresses; adds and removes members safely",
  )
    .option('--cluster <name>', 'cluster name (and initial cluster token)', D.cluster)
    .action((f: DeployFlags) => deploy('etcd', f));

  sub('k3s', "k3s servers and agents on the hosts' overlay addresses, from an air-gap bundle")
    .requiredOption('--bundle <dir>', 'the k3s air-gap bundle: the k3s binary and k3s-airgap-images-ARCH.tar[.zst|.gz]')
    .option(
      '--servers <names>',
      'comma-separated server names, the first starts the cluster (default: the first three hosts); the other hosts are agents',
    )
    .option('--token-file <path>', 'the join token (a secret; default: made once in the data dir)')
    .option('--cluster <name>', 'k3s cluster name (names its token, kubeconfig, progress)', D.cluster)
    .option('--datastore <etcd-cluster>', 'use the etcd cluster `deploy etcd --cluster` made instead of embedded etcd')
    .option('--datastore-members <names>', "that etcd cluster's members (default: those of its last deploy)")
    .action((f: DeployFlags) => deploy('k3s', f));

  withStoreFlags(
    sub(
      'crown',
      'keep N control-plane members: replace one dead for --grace seconds by a healthy worker (one pass; --watch: a controller under an election)',
    ),
  )
    .option('--cluster <name>', 'the etcd cluster (as given to deploy etcd)', D.cluster)
    .option('--masters <n>', 'control-plane members wanted', String(D.masters))
    .option('--grace <seconds>', 'how long a member must be unreachable before it is replaced', String(D.grace))
    .option('--watch', 'keep going, acting only while holding the crown role of the --store etcd')
    .option('--interval <seconds>', 'with --watch: seconds between passes', '5')
    .action(async (f: DeployFlags & Omit<CrownFlags, 'store'> & { store?: string; site?: string }) => {
      if (f.onServer && f.watch)
        throw new PaddockError('invalidArgument', '--on-server runs one pass; --watch runs here');
      if (f.onServer) return onServer('crown', f, options(f));
      const store = f.store === undefined ? undefined : parseStoreUrl(f.store);
      if (store && 'error' in store) throw new PaddockError('invalidArgument', `--store: ${store.error}`);
      const o = options(f);
      // The crown controller (etcd's client, and grpc-js under it) loads when it runs.
      const { crown } = await import('./crown-command.ts');
      await crown({ ...f, store, site: f.site ?? 'default' }, await targetsOf(f), o);
    });
  deployVerbs(cmd);
  return cmd;
}

function options(f: DeployFlags): DeployOptions {
  try {
    return resolveOptions(f as Parameters<typeof resolveOptions>[0]);
  } catch (err) {
    throw new PaddockError('invalidArgument', `--${(err as Error).message}`);
  }
}

/** The --host list, then the nodes of --selector (asked of the inventory the client flags point at). */
async function targetsOf(f: DeployFlags): Promise<Target[]> {
  const hosts = f.host ?? [];
  if (hosts.length === 0 && !f.selector)
    throw new PaddockError('invalidArgument', 'no hosts: give --host NAME=ADDRESS[:PORT] or --selector');
  const listed = hosts.length > 0 ? parseHosts(hosts) : [];
  return f.selector ? [...listed, ...(await selectorTargets(f, f.selector))] : listed;
}

async function deploy(set: string, f: DeployFlags): Promise<void> {
  const o = options(f);
  if (f.onServer) return onServer(set, f, o);
  const targets = await targetsOf(f);
  await withKeys(f, async (keys) => {
    const ac = new AbortController();
    const onSigint = () => ac.abort();
    process.once('SIGINT', onSigint);
    const authority = keysAuthority(keys);
    const transport = await openSshTransport(authority, targets, { signal: ac.signal });
    try {
      const steps = await STEP_SETS[set]!(targets, o, { dataDir: f.dataDir, transport, authority });
      const dir = join(f.dataDir, 'deploy', steps.name);
      const progressFile = join(dir, 'progress.json');
      if (f.plan) {
        const plan = await computePlan(steps, transport, { saved: readProgress(progressFile), limit: o.limit });
        if (f.json) return printJson(plan);
        process.stdout.write(`${formatPlan(plan).join('\n')}\n`);
        return;
      }
      const r = await runDeployment(steps, transport, {
        limit: o.limit,
        progressFile,
        logDir: join(dir, 'logs'),
        signal: ac.signal,
        onEvent: f.json ? undefined : progressPrinter(process.stdout),
      });
      if (f.json) printJson(r);
      if (!r.ok) {
        process.stderr.write(`per-host logs: ${join(dir, 'logs')}\n`);
        process.exitCode = 1;
      }
    } finally {
      process.off('SIGINT', onSigint);
      await transport.close();
    }
  });
}
