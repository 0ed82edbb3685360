import { hostname } from 'node:os';
import { describeTarget, SiteRoles as Roles, type SiteRoles, type StoreTarget, serverId } from '@paddock/etcd';
import { interfaceInfo } from '@paddock/netio';
import { ClusterServiceDefinition, type GetClusterResponse } from '@paddock/proto/cluster/v1/cluster.ts';
import {
  ALWAYS,
  formatListen,
  fromRevisionOf,
  isLoopback,
  type ModuleContext,
  parseListen,
  type RoleGate,
  type ServiceHandle,
  service,
  VERSION,
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
  /** The site's other servers and where they are dialled (etcd store; none on SQLite). */
  peers(): Promise<{ server: string; grpc: string }[]>;
}

export interface ClusterOptions {
  store: StoreTarget;
  site: string;
  /** The roles' lease TTL: how long a dead holder keeps its roles. */
  roleTtl: number;
  roleNames?: readonly string[];
  /**
   * How the other servers of the site reach this one when its gRPC port listens on every
   * address: the LAN address machines use (`--advertise-address`), else `--interface`'s.
   */
  reach?: { listensEverywhere: boolean; advertise?: string | undefined; interface?: string | undefined };
}

/**
 * `paddock.cluster.v1.ClusterService`, the role elections and the site's list of servers: on
 * SQLite this server is the only one and holds every role; on etcd each role goes to one server
 * by election, and each server registers where the others reach it.
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
        onRegistrationProblem: (why) => log.warn({ server, why }, "cannot keep this server's record on etcd"),
      });
    }
    const store = o.store.kind === 'etcd' ? describeTarget(o.store) : 'sqlite';
    const getCluster = async (): Promise<GetClusterResponse> => {
      const base = { store, site: o.site, server, members: [], servers: [], roles: [], claims: [], error: '' };
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
        servers: v.servers.map((x) =>
          'error' in x
            ? { id: x.server, grpcAddress: '', hostname: '', version: '', sinceUnixMs: 0n, here: false, error: x.error }
            : {
                id: x.server,
                grpcAddress: x.grpc,
                hostname: x.hostname,
                version: x.version,
                sinceUnixMs: BigInt(x.since),
                here: x.server === server,
                error: '',
              },
        ),
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
        if (roles) {
          const grpc = reachableAt(ctx.addresses().grpc, o.reach);
          roles.start(server, { grpc, hostname: hostname(), version: VERSION });
          log.info({ server, grpc }, "registered among the site's servers");
        }
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
    async peers() {
      if (!roles) return [];
      const me = roles.registered();
      return (await roles.servers()).flatMap((x) => ('error' in x || x.server === me ? [] : [x]));
    },
  };
}

/**
 * Where the other servers of the site dial this one's gRPC port: the address it listens on when
 * that is one address; when it listens on every address, the LAN address (`--advertise-address`,
 * else `--interface`'s first IPv4 address), else the loopback one (a site on one machine).
 */
export function reachableAt(grpc: string, reach: ClusterOptions['reach']): string {
  const own = parseListen(grpc);
  if (!reach?.listensEverywhere || !isLoopback(own.host)) return grpc;
  let lan = reach.advertise;
  if (!lan && reach.interface) {
    try {
      lan = interfaceInfo(reach.interface).ipv4[0]?.address;
    } catch {
      // the interface went away since the services checked it: stay on loopback
    }
  }
  return lan ? formatListen({ host: lan, port: own.port }) : grpc;
}
