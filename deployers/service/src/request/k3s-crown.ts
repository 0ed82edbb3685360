import type { CertAuthority, Stage } from '@paddock/deployers';
import { k3sDeployment } from './k3s-deployment.ts';
import { k3sOnDatastore } from './k3s-record.ts';

/** The stages that start k3s on a new server: its files (and datastore certificate), then the server. */
const SERVER_STAGES = new Set(['k3s-install', 'k3s-first-server', 'k3s-servers']);

/**
 * For crowning: the k3s server stages of every finished k3s deployment on this etcd cluster,
 * for the crowned worker only — its config.yaml as a server on the new member list's client
 * URLs, its datastore client certificate, `k3s server` instead of `k3s agent`, and ready
 * (`/readyz`). The other servers keep their settings: each still reaches a healthy member.
 * A worker that is not a host of that k3s deployment gets nothing from it.
 */
export async function k3sServerStages(
  dataDir: string,
  etcdCluster: string,
  worker: string,
  members: string[],
  authority: CertAuthority,
): Promise<Stage[]> {
  const stages: Stage[] = [];
  for (const r of k3sOnDatastore(dataDir, etcdCluster)) {
    if (!r.targets.some((t) => t.name === worker)) continue;
    const list = members.join(',');
    const set = await k3sDeployment(
      dataDir,
      { ...r.options, servers: list, datastoreMembers: list },
      r.targets,
      authority,
    );
    for (const s of set.stages) {
      if (!SERVER_STAGES.has(s.name)) continue;
      const hosts = s.hosts.filter((h) => h.name === worker);
      if (hosts.length > 0) stages.push({ ...s, hosts });
    }
  }
  return stages;
}
