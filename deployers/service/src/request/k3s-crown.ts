import { type CertAuthority, type Stage, serverStagesFor } from '@paddock/deployers';
import { k3sDeployment } from './k3s-deployment.ts';
import { k3sOnDatastore } from './k3s-record.ts';

/**
 * For crowning: the k3s server stages (`serverStagesFor`) of every finished k3s deployment on
 * this etcd cluster, rebuilt for the new member list, for the crowned worker only.
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
    stages.push(...serverStagesFor(set, worker));
  }
  return stages;
}
