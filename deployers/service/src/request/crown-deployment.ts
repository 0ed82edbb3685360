import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CertAuthority,
  type CrownDeployment,
  crownPass,
  overlaySignals,
  type Power,
  planMembers,
  type StepSet,
  type Target,
  type Transport,
} from '@paddock/deployers';
import { type DeployOptions, overlayNetwork } from './deploy-options.ts';
import { k3sServerStages } from './k3s-crown.ts';

export const crownDir = (dataDir: string, cluster: string): string => join(dataDir, 'deploy', `crown-${cluster}`);

/**
 * `paddock deploy crown` from its hosts and options: every host of the cluster at its overlay
 * address, the overlay's and the inventory's signals, when each member was first seen unhealthy
 * (kept between passes in the data dir: `save()` writes it back), and a k3s deployment on this
 * etcd cluster to make the crowned worker one of its servers.
 */
export function crownDeployment(
  dataDir: string,
  targets: Target[],
  o: DeployOptions,
  transport: Transport,
  authority: CertAuthority,
  power?: (name: string) => Promise<Power>,
): { deployment: CrownDeployment; save(): void } {
  const dir = crownDir(dataDir, o.cluster);
  const sinceFile = join(dir, 'unhealthy-since.json');
  const hosts = planMembers(overlayNetwork(o), targets).map((m) => ({
    target: m.target,
    address: m.address.split('/')[0]!,
  }));
  const deployment: CrownDeployment = {
    cluster: o.cluster,
    hosts,
    want: o.masters,
    graceMs: o.grace * 1000,
    authority,
    signals: overlaySignals(hosts, transport, power),
    unhealthySince: new Map(readSince(sinceFile)),
    serverStages: (worker, members) => k3sServerStages(dataDir, o.cluster, worker, members, authority),
  };
  return {
    deployment,
    save: () => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(sinceFile, JSON.stringify([...deployment.unhealthySince]));
    },
  };
}

/** One crowning pass as a step set: what carries the decision out (no stages: nothing to do), and the decision. */
export async function crownStepSet(
  dataDir: string,
  targets: Target[],
  o: DeployOptions,
  transport: Transport,
  authority: CertAuthority,
  power?: (name: string) => Promise<Power>,
): Promise<StepSet & { decision: string }> {
  const c = crownDeployment(dataDir, targets, o, transport, authority, power);
  const p = await crownPass(c.deployment, transport);
  c.save();
  const decision = `${p.decision.kind}: ${p.decision.reasons.join('; ')}`;
  return { ...(p.set ?? { name: `crown-${o.cluster}`, stages: [] }), decision };
}

function readSince(file: string): [string, number][] {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as [string, number][];
  } catch {
    return [];
  }
}
