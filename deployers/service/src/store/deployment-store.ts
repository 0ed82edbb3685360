import type { DeploymentRecord } from './deployment-record.ts';

/** A stored value that is not a deployment record: skipped and reported, never half-read. */
export interface Damaged {
  key: string;
  reason: string;
}

/**
 * Where deployments outlive the server: SQLite in the data dir, or etcd under the site's prefix
 * when `paddock up` runs on `--store etcd://`. One record per deployment, written whole (the
 * latest state wins), so there is nothing to merge and a crash loses at most the writes queued.
 */
export interface DeploymentStore {
  /** This owner's deployments, oldest first; every owner's without one (`paddock store copy`). */
  load(owner?: string): Promise<{ records: DeploymentRecord[]; damaged: Damaged[] }>;
  save(r: DeploymentRecord): Promise<void>;
  remove(id: string): Promise<void>;
  close(): Promise<void>;
}

/** For unit tests, and a server that keeps nothing. */
export class MemoryDeploymentStore implements DeploymentStore {
  readonly records = new Map<string, DeploymentRecord>();

  async load(owner?: string) {
    const records = [...this.records.values()]
      .filter((r) => owner === undefined || r.owner === owner)
      .sort((a, b) => a.view.createdAt - b.view.createdAt);
    return { records, damaged: [] };
  }

  async save(r: DeploymentRecord): Promise<void> {
    this.records.set(r.view.id, structuredClone(r));
  }

  async remove(id: string): Promise<void> {
    this.records.delete(id);
  }

  async close(): Promise<void> {}
}
