import { describeTarget, SiteRoles as Roles, type SiteRoles, type StoreTarget, serverId } from '@paddock/etcd';
import { ClusterServiceDefinition, type GetClusterResponse } from '@paddock/proto/cluster/v1/cluster.ts';
import {
  ALWAYS,
  fromRevisionOf,
  type ModuleContext,
  type RoleGate,
  type ServiceHandle,
  service,
  watch,
} from '@paddock/runtime';
import { ClusterFeed } from './cluster-feed.ts';

/** The singleton jobs of `paddock up`: with several servers on one etcd, each runs on one of them. */
export const ROLES = ['scanner-schedule', 'power-reconciler'] as const;

export interface ClusterHandle extends ServiceHandle {
  /** Whether this server may run the role's job now. */
  gate(role: string): RoleGate;
  /** The roles' elections (etcd store only), once the module started. */
  roles(): SiteRoles | undefined;
  /**
   * Writes `value` at `<site prefix><path>` only while this server holds `role` under the same
   * fence (etcd); false otherwise. On SQLite this server is the only one: nothing to write.
   */
  fencedRecord(role: string, path: string, value: string): Promise<boolean>;
}

export interface ClusterOptions {
  store: StoreTarget;
  site: string;
  /** The roles' lease TTL: how long a dead holder keeps its roles. */
  roleTtl: number;
  roleNames?: readonly string[];
}

/**
 * `paddock.cluster.v1.ClusterService` and the role elections: on SQLite this server is the
 * only one and holds every role; on etcd each role goes to one server by election.
 */
export function createCluster(o: ClusterOptions): ClusterHandle {
  const names = o.roleNames ?? ROLES;
  let roles: SiteRoles | undefined;
  const factory = (ctx: ModuleContext) => {
    const log = ctx.log.child({ module: 'cluster' });
    let server = '';
    if (o.store.kind === 'etcd') {
      roles = new Roles({
        target: o.store,
        site: o.site,
        roles: names,
        ttlSeconds: o.roleTtl,
        onChange: (role, held, why) => log.info({ role, server, why }, held ? 'role taken' : 'role lost'),
      });
    }
    const store = o.store.kind === 'etcd' ? describeTarget(o.store) : 'sqlite';
    const getCluster = async (): Promise<GetClusterResponse> => {
      const base = { store, site: o.site, server, members: [], roles: [], claims: [], error: '' };
      if (!roles)
        return {
          ...base,
          roles: names.map((name) => ({ name, holder: server, here: true, sinceUnixMs: 0n, fence: 0n, error: '' })),
        };
      const v = await roles.view();
      return {
        ...base,
        error: v.error ?? '',
        members: v.members.map((m) => ({ ...m, error: m.error ?? '' })),
        claims: v.claims.map((c) =>
          'error' in c
            ? { machine: c.machine, name: '', host: '', here: false, sinceUnixMs: 0n, error: c.error }
            : {
                machine: c.machine,
                name: c.name,
                host: c.host,
                here: c.host === server,
                sinceUnixMs: BigInt(c.since),
                error: '',
              },
        ),
        roles: names.map((name) => {
          const r = v.roles.find((x) => x.role === name);
          if (!r) return { name, holder: '', here: false, sinceUnixMs: 0n, fence: 0n, error: '' };
          if ('error' in r) return { name, holder: '', here: false, sinceUnixMs: 0n, fence: 0n, error: r.error };
          return {
            name,
            holder: r.server,
            here: r.server === server,
            sinceUnixMs: BigInt(r.since),
            fence: BigInt(r.fence),
            error: '',
          };
        }),
      };
    };
    const feed = new ClusterFeed(getCluster);
    const stop = new AbortController();
    let feeding: Promise<void> | undefined;
    return {
      name: 'cluster',
      protoFiles: ['paddock/cluster/v1/cluster.proto'],
      services: [
        service(ClusterServiceDefinition, {
          getCluster,
          async *watchCluster(req, call) {
            for await (const e of watch(feed.source(), { fromRevision: fromRevisionOf(req), signal: call.signal }))
              yield { watch: e.watch, cluster: e.snapshot ?? e.change };
          },
        }),
      ],
      start() {
        server = serverId(ctx.addresses().grpc);
        roles?.start(server);
        feeding = feed.run(stop.signal);
      },
      async stop() {
        stop.abort();
        await feeding;
        await roles?.stop();
      },
    };
  };
  return {
    name: 'cluster',
    factory,
    gate: (role) => (o.store.kind === 'etcd' ? { held: () => roles?.held(role) ?? false } : ALWAYS),
    roles: () => roles,
    async fencedRecord(role, path, value) {
      if (o.store.kind !== 'etcd') return true;
      const election = roles?.election(role);
      return election ? election.fencedPut(`${roles!.prefix}${path}`, value) : false;
    },
  };
}
