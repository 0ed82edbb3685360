import { join } from 'node:path';
import {
  computePlan,
  etcdSteps,
  formatPlan,
  openSshTransport,
  overlaySteps,
  planMembers,
  progressPrinter,
  readProgress,
  runDeployment,
  type StepSet,
  type Target,
  type Transport,
} from '@paddock/deployers';
import { parseStoreUrl } from '@paddock/etcd';
import { PaddockError } from '@paddock/runtime';
import { Command } from 'commander';
import { withClientOptions } from '../client-options.ts';
import { type KeysClient, withKeys } from '../keys/client.ts';
import { printJson } from '../output.ts';
import { withStoreFlags } from '../store-flags.ts';
import { type CrownFlags, crown } from './crown-command.ts';
import { type K3sFlags, k3sDeployment } from './k3s.ts';
import { keysAuthority } from './keys-authority.ts';
import { parseHosts } from './targets.ts';

interface DeployFlags {
  dataDir: string;
  json?: boolean;
  host: string[];
  plan?: boolean;
  limit: string;
  network: string;
  subnet: string;
  transit: string;
  vni: string;
  port: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** `paddock deploy overlay|etcd|k3s|crown`: plans over SSH, then runs them with live progress; resumable. */
export function deployCommand(): Command {
  const cmd = new Command('deploy').description(
    'roll the overlay, etcd and k3s out to hosts over SSH (plans, idempotent, resumable)',
  );
  const sub = (name: string, description: string) =>
    withClientOptions(cmd.command(name).description(description))
      .requiredOption(
        '--host <name=address[:port]>',
        'a target host; repeat for each (its host certificate must name the address)',
        collect,
      )
      .option('--plan', 'show what would change on each host, change nothing')
      .option('--limit <n>', 'hosts worked on at once', '10')
      .option('--network <name>', 'overlay network name', 'paddock')
      .option('--subnet <cidr>', 'overlay addresses (host N of the list gets address N)', '10.99.0.0/24')
      .option('--transit <cidr>', 'WireGuard tunnel addresses', '10.98.0.0/24')
      .option('--vni <n>', 'VXLAN network identifier', '4242')
      .option('--port <n>', 'WireGuard UDP port', '51820');

  sub('overlay', 'install and start the overlay agent on the hosts and join them to one network')
    .option('--agent <command>', 'how the hosts run the agent', 'paddock overlay agent')
    .action((f: DeployFlags & { agent: string }) =>
      deploy(f, async (targets) => overlaySteps({ network: network(f), targets, agentCommand: f.agent })),
    );

  sub(
    'etcd',
    "a TLS etcd cluster (Debian etcd-server) on the hosts' overlay addresses; adds and removes members safely",
  )
    .option('--cluster <name>', 'cluster name (and initial cluster token)', 'paddock')
    .action((f: DeployFlags & { cluster: string }) =>
      deploy(f, async (targets, transport, keys) => {
        const members = planMembers(network(f), targets).map((m) => ({
          target: m.target,
          address: m.address.split('/')[0]!,
        }));
        return etcdSteps({ cluster: f.cluster, members, authority: keysAuthority(keys) }, transport);
      }),
    );

  sub('k3s', "k3s servers and agents on the hosts' overlay addresses, from an air-gap bundle")
    .requiredOption('--bundle <dir>', 'the k3s air-gap bundle: the k3s binary and k3s-airgap-images-ARCH.tar[.zst|.gz]')
    .option(
      '--servers <names>',
      'comma-separated server names, the first starts the cluster (default: the first three hosts); the other hosts are agents',
    )
    .option('--token-file <path>', 'the join token (a secret; default: made once in the data dir)')
    .option('--cluster <name>', 'k3s cluster name (names its token, kubeconfig, progress)', 'paddock')
    .option('--datastore <etcd-cluster>', 'use the etcd cluster `deploy etcd --cluster` made instead of embedded etcd')
    .option('--datastore-members <names>', "that etcd cluster's members (default: those of its last deploy)")
    .action((f: DeployFlags & K3sFlags) =>
      deploy(f, async (targets, _transport, keys) => k3sDeployment(f, network(f), targets, keysAuthority(keys))),
    );

  withStoreFlags(
    sub(
      'crown',
      'keep N control-plane members: replace one dead for --grace seconds by a healthy worker (one pass; --watch: a controller under an election)',
    ),
  )
    .option('--cluster <name>', 'the etcd cluster (as given to deploy etcd)', 'paddock')
    .option('--masters <n>', 'control-plane members wanted', '3')
    .option('--grace <seconds>', 'how long a member must be unreachable before it is replaced', '30')
    .option('--watch', 'keep going, acting only while holding the crown role of the --store etcd')
    .option('--interval <seconds>', 'with --watch: seconds between passes', '5')
    .action(async (f: DeployFlags & Omit<CrownFlags, 'store'> & { store?: string; site?: string }) => {
      const store = f.store === undefined ? undefined : parseStoreUrl(f.store);
      if (store && 'error' in store) throw new PaddockError('invalidArgument', `--store: ${store.error}`);
      await crown({ ...f, store, site: f.site ?? 'default' }, parseHosts(f.host), network(f));
    });
  return cmd;
}

function network(f: DeployFlags) {
  return { name: f.network, subnet: f.subnet, transit: f.transit, vni: Number(f.vni), listenPort: Number(f.port) };
}

async function deploy(
  f: DeployFlags,
  build: (targets: Target[], transport: Transport, keys: KeysClient) => Promise<StepSet>,
): Promise<void> {
  const targets = parseHosts(f.host);
  await withKeys(f, async (keys) => {
    const ac = new AbortController();
    const onSigint = () => ac.abort();
    process.once('SIGINT', onSigint);
    const transport = await openSshTransport(keysAuthority(keys), targets, { signal: ac.signal });
    try {
      const set = await build(targets, transport, keys);
      const dir = join(f.dataDir, 'deploy', set.name);
      const progressFile = join(dir, 'progress.json');
      if (f.plan) {
        const plan = await computePlan(set, transport, { saved: readProgress(progressFile), limit: Number(f.limit) });
        if (f.json) return printJson(plan);
        process.stdout.write(`${formatPlan(plan).join('\n')}\n`);
        return;
      }
      const r = await runDeployment(set, transport, {
        limit: Number(f.limit),
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
