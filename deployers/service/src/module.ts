import type { CertAuthority, SshAuthority } from '@paddock/deployers';
import type { StoreTarget } from '@paddock/etcd';
import { InventoryServiceDefinition } from '@paddock/proto/inventory/v1/inventory.ts';
import { KeyServiceDefinition } from '@paddock/proto/keys/v1/keys.ts';
import {
  type Client,
  connect,
  createClient,
  type GenericServiceDefinition,
  RevisionLog,
  type ServiceHandle,
} from '@paddock/runtime';
import { deployService, type SelectorResolver } from './api/deploy-service.ts';
import type { CrownConfig } from './config.ts';
import { crownTargets } from './request/crown-targets.ts';
import { resolveOptions } from './request/deploy-options.ts';
import { inventoryPower } from './request/inventory-power.ts';
import { keysAuthority } from './request/keys-authority.ts';
import { resolveSelector } from './request/selector-targets.ts';
import { type SetBuilder, STEP_SETS } from './request/step-sets.ts';
import { runCrownWatch } from './server/crown-watch.ts';
import { type DeployChange, DeployManager } from './server/deploy-manager.ts';
import { firstHead } from './server/stored-runs.ts';
import { openDeploymentStore, storeOwner } from './store/open-deployment-store.ts';
import { RecordWriter } from './store/record-writer.ts';

export interface DeployModuleOptions {
  /** The keys service as deployments use it; default: the KeyService of a server on the data dir. */
  authority?: () => Promise<SshAuthority & CertAuthority>;
  /** Inventory label selectors to targets; default: the InventoryService of a server on the data dir. */
  resolveSelector?: SelectorResolver;
  /** The step sets offered (default overlay, etcd, k3s and one crowning pass). */
  sets?: Readonly<Record<string, SetBuilder>>;
  /** How ssh runs; default `ssh` (a lab runs it inside a namespace). */
  sshCommand?: string[];
  /** Where deployments are stored (`--store`; default SQLite in the data dir) and the site. */
  store?: StoreTarget;
  site?: string;
  /**
   * The crowning controller (`paddock up --crown`): runs while `gate` holds (the crown role of
   * the site's election on etcd), recording each decision to act with `record` first.
   */
  crown?: { config: CrownConfig; gate: { held(): boolean }; record(decision: string): Promise<boolean> };
}

/**
 * The deploy service as a runtime module (`paddock deploy serve`, `paddock up`). It reaches the
 * keys and inventory services over gRPC, found through the data dir's run files as any client
 * on this machine finds them: this very process under `paddock up`, or servers beside it.
 */
export function createDeploy(opts: DeployModuleOptions = {}): ServiceHandle {
  return {
    name: 'deploy',
    factory: async (ctx) => {
      const clients: { close(): void }[] = [];
      const client = <D extends GenericServiceDefinition>(def: D): Client<D> => {
        const c = connect({ dataDir: ctx.dataDir, service: def.fullName });
        const made = createClient(def, c.address, c.credentials, c.options);
        clients.push(made);
        return made;
      };
      let keys: ReturnType<typeof keysAuthority> | undefined;
      let inventory: Client<typeof InventoryServiceDefinition> | undefined;
      // Deployments are stored; their changes are not: revisions start after the stored ones and
      // not before the clock, so a client resuming from a revision of an earlier process gets a
      // snapshot (older than the head), and a fresh server never sits at 0, which a client could
      // not resume from without a snapshot.
      const store = openDeploymentStore(ctx, opts.store, opts.site);
      const owner = storeOwner(ctx.dataDir);
      const log = ctx.log.child({ module: 'deploy' });
      let records: Awaited<ReturnType<typeof store.load>>['records'];
      try {
        const loaded = await store.load(owner);
        for (const d of loaded.damaged) log.warn(d, 'skipped a stored deployment that is not a deployment record');
        records = loaded.records;
      } catch (err) {
        await store.close();
        throw new Error(`cannot read the stored deployments: ${(err as Error).message}`);
      }
      const writer = new RecordWriter(store, (id, err) =>
        log.warn({ id, err: (err as Error).message }, 'could not store a deployment; its next change retries'),
      );
      const revisions = new RevisionLog<DeployChange>({ head: firstHead(records, Date.now()) });
      const manager = new DeployManager({
        store: { writer, owner, records },
        dataDir: ctx.dataDir,
        revisions,
        authority:
          opts.authority ??
          (async () => {
            keys ??= keysAuthority(client(KeyServiceDefinition));
            return keys;
          }),
        sets: opts.sets ?? STEP_SETS,
        power: async (name) => {
          inventory ??= client(InventoryServiceDefinition);
          return inventoryPower(inventory, name);
        },
        ...(opts.sshCommand ? { sshCommand: opts.sshCommand } : {}),
      });
      const resolve =
        opts.resolveSelector ??
        ((selector: string) => {
          inventory ??= client(InventoryServiceDefinition);
          return resolveSelector(inventory, selector);
        });
      const stop = new AbortController();
      let crowning: Promise<void> | undefined;
      return {
        name: 'deploy',
        protoFiles: ['paddock/deploy/v1/deploy.proto'],
        services: [
          deployService(
            manager,
            revisions.source(() => manager.list()),
            resolve,
          ),
        ],
        start() {
          ctx.setHealthy('deploy', true);
          const crown = opts.crown;
          if (!crown) return;
          const c = crown.config;
          crowning = runCrownWatch(
            {
              manager,
              targets: crownTargets(c, resolve),
              options: resolveOptions({ cluster: c.crownCluster, masters: c.crownMasters, grace: c.crownGrace }),
              intervalMs: c.crownInterval * 1000,
              gate: crown.gate,
              record: crown.record,
              onError: (err) => log.warn({ err: (err as Error).message }, 'crowning pass not made'),
            },
            stop.signal,
          );
        },
        async stop() {
          stop.abort();
          // A crowning run under way ends as any other (interrupted); the loop then sees the abort.
          await Promise.all([manager.close(), crowning]);
          for (const c of clients) c.close();
          await store.close();
        },
      };
    },
  };
}
