import { connectOptions, type EtcdTls } from '@paddock/etcd';
import { Etcd3 } from 'etcd3';
import { type DeploymentRecord, decodeRecord, encodeRecord } from './deployment-record.ts';
import type { Damaged, DeploymentStore } from './deployment-store.ts';

export interface EtcdDeploymentStoreOptions {
  endpoints: string[];
  tls?: EtcdTls | undefined;
  /** The site's prefix (ends with `/`); deployments live under `<prefix>deploy/deployments/`. */
  prefix: string;
  timeoutMs?: number;
}

/**
 * Deployments in etcd, beside the site's other state, for `paddock up --store etcd://`. Each
 * server loads only the deployments it ran (its owner id): the run files and logs they point
 * at are on its disk, and another server's running deployment is not this one's to end.
 */
export class EtcdDeploymentStore implements DeploymentStore {
  readonly #client: Etcd3;
  readonly #dir: string;
  readonly #timeoutMs: number;

  constructor(o: EtcdDeploymentStoreOptions) {
    this.#timeoutMs = o.timeoutMs ?? 5_000;
    this.#client = new Etcd3(connectOptions(o.endpoints, o.tls, this.#timeoutMs));
    this.#dir = `${o.prefix}deploy/deployments/`;
  }

  async load(owner?: string) {
    const all = await this.#client.getAll().prefix(this.#dir).options({ deadline: this.#deadline() }).strings();
    const records: DeploymentRecord[] = [];
    const damaged: Damaged[] = [];
    for (const [key, value] of Object.entries(all)) {
      const r = decodeRecord(value);
      if ('error' in r) damaged.push({ key, reason: r.error });
      else if (owner === undefined || r.owner === owner) records.push(r);
    }
    records.sort((a, b) => a.view.createdAt - b.view.createdAt || a.view.id.localeCompare(b.view.id));
    return { records, damaged };
  }

  async save(r: DeploymentRecord): Promise<void> {
    await this.#client
      .put(this.#dir + r.view.id)
      .value(encodeRecord(r))
      .options({ deadline: this.#deadline() });
  }

  async remove(id: string): Promise<void> {
    await this.#client
      .delete()
      .key(this.#dir + id)
      .options({ deadline: this.#deadline() });
  }

  async close(): Promise<void> {
    this.#client.close();
  }

  #deadline(): number {
    return Date.now() + this.#timeoutMs;
  }
}
