import { join } from 'node:path';
import {
  type CertAuthority,
  clientUrl,
  type K3sNode,
  k3sSteps,
  loadToken,
  planMembers,
  readBundle,
  readProgress,
  type StepSet,
  type Target,
} from '@paddock/deployers';
import { PaddockError } from '@paddock/runtime';
import { type DeployOptions, overlayNetwork } from './deploy-options.ts';

/** Where the admin's copy of a cluster's token and kubeconfig live: beside its progress and logs. */
export const k3sDir = (dataDir: string, cluster: string): string => join(dataDir, 'deploy', `k3s-${cluster}`);

/**
 * `paddock deploy k3s` from its flags: servers (named, or the first three hosts) and agents (the
 * other hosts) at their overlay addresses (the same --host list as the overlay), the token from
 * --token-file or made once in the data dir, the datastore's members from the last `deploy etcd`.
 */
export async function k3sDeployment(
  dataDir: string,
  f: DeployOptions,
  targets: Target[],
  authority: CertAuthority,
): Promise<StepSet> {
  if (!f.bundle) throw new PaddockError('invalidArgument', 'k3s needs --bundle: the k3s air-gap bundle directory');
  const net = overlayNetwork(f);
  const nodes: K3sNode[] = planMembers(net, targets).map((m) => ({
    target: m.target,
    address: m.address.split('/')[0]!,
  }));
  const byName = (name: string, flag: string) => {
    const n = nodes.find((x) => x.target.name === name);
    if (!n) throw new PaddockError('invalidArgument', `${flag}: ${name} is not one of the --host names`);
    return n;
  };
  const servers = f.servers ? names(f.servers).map((n) => byName(n, '--servers')) : nodes.slice(0, 3);
  const agents = nodes.filter((n) => !servers.includes(n));
  const dir = k3sDir(dataDir, f.cluster);
  const token = f.tokenFile ? loadToken(f.tokenFile, false) : loadToken(join(dir, 'token'), true);
  let datastore: { endpoints: string[]; authority: CertAuthority } | undefined;
  if (f.datastore) {
    const members = f.datastoreMembers ? names(f.datastoreMembers) : etcdMembers(dataDir, f.datastore);
    datastore = { endpoints: members.map((n) => clientUrl(byName(n, '--datastore-members'))), authority };
  }
  return k3sSteps({
    cluster: f.cluster,
    servers,
    agents,
    // The overlay agent's bridge carries the member's overlay address (services/overlay: br-<network>).
    iface: `br-${net.name}`,
    bundle: readBundle(f.bundle),
    token,
    ...(datastore ? { datastore } : {}),
    kubeconfig: join(dir, 'kubeconfig'),
  });
}

const names = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The members of the last `deploy etcd --cluster NAME` run, from its progress file. */
function etcdMembers(dataDir: string, cluster: string): string[] {
  const saved = readProgress(join(dataDir, 'deploy', `etcd-${cluster}`, 'progress.json'));
  const members = Object.keys(saved?.hosts ?? {})
    .filter((k) => k.startsWith('etcd-health/'))
    .map((k) => k.slice('etcd-health/'.length));
  if (!saved?.complete || members.length === 0)
    throw new PaddockError(
      'failedPrecondition',
      `--datastore ${cluster}: no finished \`paddock deploy etcd --cluster ${cluster}\` in ${dataDir}; run it first or give --datastore-members`,
    );
  return members;
}
