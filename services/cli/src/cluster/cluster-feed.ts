import { setTimeout as sleep } from 'node:timers/promises';
import { GetClusterResponse } from '@paddock/proto/cluster/v1/cluster.ts';
import { RevisionLog, type WatchSource } from '@paddock/runtime';

/**
 * The cluster view as a Watch source (WatchCluster): the store is asked about once a second
 * while someone watches, and a new revision is appended only when the view differs, so an idle
 * cluster costs a watcher nothing but PROGRESS events. The one item is the whole view.
 */
export class ClusterFeed {
  readonly #read: () => Promise<GetClusterResponse>;
  readonly #everyMs: number;
  readonly #log = new RevisionLog<GetClusterResponse>({ retain: 100 });
  #last: GetClusterResponse | undefined;
  #lastJson = '';

  constructor(read: () => Promise<GetClusterResponse>, everyMs = 1_000) {
    this.#read = read;
    this.#everyMs = everyMs;
  }

  source(): WatchSource<GetClusterResponse, GetClusterResponse> {
    return this.#log.source(() => (this.#last ? [this.#last] : []));
  }

  /** Asks the store again now; a view equal to the last one is not a change. */
  async refresh(): Promise<void> {
    const view = await this.#read();
    const json = JSON.stringify(GetClusterResponse.toJSON(view));
    if (json === this.#lastJson) return;
    this.#last = view;
    this.#lastJson = json;
    this.#log.append(view);
  }

  /** Until the signal aborts: a first view at once, then one each interval while watched. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (this.#log.watchers > 0 || !this.#last) await this.refresh().catch(() => {});
      await sleep(this.#everyMs, undefined, { signal }).catch(() => {});
    }
  }
}
