import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readProgress, type Target } from '@paddock/deployers';
import type { DeployOptions } from './deploy-options.ts';

/** What the last `deploy k3s` of a cluster was given (its hosts and options; never the token itself). */
export interface K3sRecord {
  targets: Target[];
  options: DeployOptions;
}

const file = (dataDir: string, cluster: string) => join(dataDir, 'deploy', `k3s-${cluster}`, 'deployment.json');

/** Kept beside the cluster's progress, so that crowning can make a new master a k3s server too. */
export function recordK3s(dataDir: string, r: K3sRecord): void {
  const f = file(dataDir, r.options.cluster);
  mkdirSync(join(f, '..'), { recursive: true });
  writeFileSync(`${f}.tmp`, `${JSON.stringify(r, null, 2)}\n`);
  renameSync(`${f}.tmp`, f);
}

/** The k3s clusters of the data dir whose datastore is this etcd cluster and whose last run finished. */
export function k3sOnDatastore(dataDir: string, etcdCluster: string): K3sRecord[] {
  let dirs: string[];
  try {
    dirs = readdirSync(join(dataDir, 'deploy')).filter((d) => d.startsWith('k3s-'));
  } catch {
    return [];
  }
  const out: K3sRecord[] = [];
  for (const d of dirs) {
    try {
      const r = JSON.parse(readFileSync(join(dataDir, 'deploy', d, 'deployment.json'), 'utf8')) as K3sRecord;
      const done = readProgress(join(dataDir, 'deploy', d, 'progress.json'))?.complete === true;
      if (done && r.options.datastore === etcdCluster) out.push(r);
    } catch {
      // no record (an older run, or none): nothing to follow
    }
  }
  return out;
}
