import { basename } from 'node:path';
import type { Stage, Step, StepSet } from '../../engine/types.ts';
import { type CertAuthority, certSteps } from '../../steps/cert.ts';
import { filesStep } from '../../steps/files.ts';
import { daemonStep } from '../../steps/shell.ts';
import type { K3sBundle } from './bundle.ts';
import { K3S, type K3sNode, type K3sRole, k3sConfig, serverUrl } from './k3s-files.ts';
import { agentJoinedStep, kubeconfigStep, serverReadyStep, tokenMatchStep } from './k3s-steps.ts';

export interface K3sDeployment {
  cluster: string;
  /** The first one starts the cluster; the others join it one at a time. */
  servers: K3sNode[];
  agents: K3sNode[];
  /** The overlay's interface on every host (its bridge): --flannel-iface. */
  iface: string;
  bundle: K3sBundle;
  /** The join token: a secret; it reaches the hosts only as a 0600 file, written over stdin. */
  token: string;
  /** The etcd cluster `deploy etcd` made, instead of k3s's embedded etcd. */
  datastore?: { endpoints: string[]; authority: CertAuthority };
  /** Where the admin's kubeconfig is written (mode 0600). */
  kubeconfig: string;
}

/**
 * `paddock deploy k3s`: the air-gap bundle, token and settings on every node; the first server
 * started and ready, then the other servers one at a time, then the agents in parallel; finally
 * the admin kubeconfig fetched from the first server.
 */
export async function k3sSteps(d: K3sDeployment): Promise<StepSet> {
  const first = d.servers[0];
  if (!first) throw new Error('k3s: no servers');
  const names = new Set<string>();
  for (const n of [...d.servers, ...d.agents]) {
    if (names.has(n.target.name)) throw new Error(`k3s: ${n.target.name} is listed twice`);
    names.add(n.target.name);
  }
  const ca = d.datastore ? await d.datastore.authority.caBundle() : '';
  const roleOf = (name: string): K3sRole =>
    name === first.target.name ? 'first-server' : d.servers.some((s) => s.target.name === name) ? 'server' : 'agent';
  const node = (name: string) => [...d.servers, ...d.agents].find((n) => n.target.name === name)!;
  const config = (n: K3sNode) =>
    k3sConfig({
      node: n,
      role: roleOf(n.target.name),
      iface: d.iface,
      join: serverUrl(first),
      ...(d.datastore ? { datastore: d.datastore.endpoints } : {}),
    });

  const install: Stage = {
    name: 'k3s-install',
    hosts: [...d.servers, ...d.agents].map((n) => n.target),
    steps: (t) => {
      const n = node(t.name);
      const steps: Step[] = [
        filesStep({
          id: 'files',
          title: 'k3s binary and images (air-gap layout), join token (secret, mode 0600), config.yaml',
          files: [
            { path: K3S.binary, local: d.bundle.binary, mode: '755' },
            ...d.bundle.images.map((img) => ({ path: `${K3S.images}/${basename(img)}`, local: img })),
            { path: K3S.token, content: `${d.token}\n`, mode: '600' },
            { path: K3S.config, content: config(n) },
          ],
        }),
      ];
      if (d.datastore && roleOf(t.name) !== 'agent')
        steps.push(
          ...certSteps({
            files: K3S.datastore,
            ids: { key: 'datastore-key', ca: 'datastore-ca', cert: 'datastore-cert' },
            keyTitle: 'etcd client key (made on the host)',
            name: `${t.name}-k3s`,
            address: n.address,
            ca,
            authority: d.datastore.authority,
          }),
        );
      return steps;
    },
  };
  const running = (role: 'server' | 'agent') =>
    daemonStep({
      id: 'running',
      title: `k3s ${role} running`,
      command: `${K3S.binary} ${role}`,
      pidFile: K3S.pid,
      logFile: K3S.log,
      match: `k3s ${role}`,
      stamp: [K3S.binary, K3S.config, K3S.token],
    });
  const serverSteps = () => [running('server'), serverReadyStep(), tokenMatchStep(d.token)];
  const stages: Stage[] = [install, { name: 'k3s-first-server', hosts: [first.target], steps: serverSteps }];
  // One at a time: each joining server changes the embedded etcd's membership (quorum) as it starts.
  if (d.servers.length > 1)
    stages.push({ name: 'k3s-servers', hosts: d.servers.slice(1).map((n) => n.target), limit: 1, steps: serverSteps });
  if (d.agents.length > 0)
    stages.push({
      name: 'k3s-agents',
      hosts: d.agents.map((n) => n.target),
      steps: () => [running('agent'), agentJoinedStep()],
    });
  stages.push({ name: 'k3s-kubeconfig', hosts: [first.target], steps: () => [kubeconfigStep(first, d.kubeconfig)] });
  return { name: `k3s-${d.cluster}`, stages };
}

/** The stages that start k3s on a new server: its files (and datastore certificate), then the server. */
const SERVER_STAGES = new Set(['k3s-install', 'k3s-first-server', 'k3s-servers']);

/**
 * For crowning: of a k3s set built for the new server list, what makes `worker` one of its
 * servers — its config.yaml as a server on the new member list, its datastore client
 * certificate, `k3s server` instead of `k3s agent`, and ready (`/readyz`). The other servers
 * keep their settings: each still reaches a healthy member. Empty when `worker` is not a host of it.
 */
export function serverStagesFor(set: StepSet, worker: string): Stage[] {
  return set.stages.flatMap((s) => {
    const hosts = SERVER_STAGES.has(s.name) ? s.hosts.filter((h) => h.name === worker) : [];
    return hosts.length > 0 ? [{ ...s, hosts }] : [];
  });
}
