import { Etcd3 } from 'etcd3';
import { type ClaimRead, readClaims } from '../claims/read-claims.ts';
import { connectOptions } from '../connect.ts';
import { sitePrefix } from '../store-options.ts';
import type { StoreTarget } from '../store-url.ts';
import { readRoles } from './read-roles.ts';
import { RoleElection } from './role-election.ts';
import type { RoleRecord } from './role-key.ts';
import { readServers, type ServerRead, type ServerRecord, ServerRegistration } from './site-servers.ts';
import { type StoreMember, storeMembers } from './store-members.ts';

type EtcdTarget = Extract<StoreTarget, { kind: 'etcd' }>;

export interface SiteRolesOptions {
  target: EtcdTarget;
  site: string;
  roles: readonly string[];
  ttlSeconds: number;
  onChange?: (role: string, held: boolean, why: string) => void;
  /** Told when this server's record could not be written or kept, and why. */
  onRegistrationProblem?: (why: string) => void;
}

export interface SiteView {
  members: StoreMember[];
  /** The site's Paddock servers, as each registered itself. */
  servers: ServerRead[];
  roles: (RoleRecord | { role: string; error: string })[];
  /** Which compute host holds each QEMU machine. */
  claims: ClaimRead[];
  error?: string;
}

/**
 * One Paddock server on a site's etcd: its record among the site's servers (where the others
 * reach it) and its singleton roles, one election per role, all on one client; started once the
 * server knows its id and address, resigned at stop.
 */
export class SiteRoles {
  readonly #o: SiteRolesOptions;
  readonly #client: Etcd3;
  readonly #elections = new Map<string, RoleElection>();
  #registration: ServerRegistration | undefined;

  constructor(o: SiteRolesOptions) {
    this.#o = o;
    this.#client = new Etcd3(connectOptions(o.target.endpoints, o.target.tls, 2_000));
  }

  get prefix(): string {
    return sitePrefix(this.#o.target, this.#o.site);
  }

  get client(): Etcd3 {
    return this.#client;
  }

  /** `reach`: where the other servers dial this one; without it (a controller that is no server) no record. */
  start(server: string, reach?: Omit<ServerRecord, 'server' | 'since'>): void {
    if (reach)
      this.#registration = new ServerRegistration(this.#client, {
        prefix: this.prefix,
        record: { server, ...reach },
        ttlSeconds: this.#o.ttlSeconds,
        ...(this.#o.onRegistrationProblem && { onProblem: this.#o.onRegistrationProblem }),
      }).start();
    for (const role of this.#o.roles) {
      const e = new RoleElection(this.#client, {
        prefix: this.prefix,
        role,
        server,
        ttlSeconds: this.#o.ttlSeconds,
        onChange: (held, why) => this.#o.onChange?.(role, held, why),
      });
      this.#elections.set(role, e.start());
    }
  }

  /** The election of a role (undefined before start or for a role not run here). */
  election(role: string): RoleElection | undefined {
    return this.#elections.get(role);
  }

  held(role: string): boolean {
    return this.#elections.get(role)?.held() ?? false;
  }

  /** This server's id once `start` registered it. */
  registered(): string | undefined {
    return this.#registration?.server;
  }

  /** The site's servers as registered now (this one included). */
  servers(deadlineMs = 3_000): Promise<ServerRead[]> {
    return readServers(this.#client, this.prefix, deadlineMs);
  }

  /** Members with their health, the site's servers and every role's holder, as etcd says now. */
  async view(deadlineMs = 3_000): Promise<SiteView> {
    const [members, servers, roles, claims] = await Promise.allSettled([
      storeMembers(this.#client, this.#o.target.tls, deadlineMs),
      this.servers(deadlineMs),
      readRoles(this.#client, this.prefix, deadlineMs),
      readClaims(this.#client, this.prefix, deadlineMs),
    ]);
    const errors = [members, servers, roles, claims].flatMap((r) =>
      r.status === 'rejected' ? [(r.reason as Error).message] : [],
    );
    return {
      members: members.status === 'fulfilled' ? members.value : [],
      servers: servers.status === 'fulfilled' ? servers.value : [],
      roles: roles.status === 'fulfilled' ? roles.value : [],
      claims: claims.status === 'fulfilled' ? claims.value : [],
      ...(errors.length ? { error: `etcd did not answer: ${errors.join('; ')}` } : {}),
    };
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.#elections.values(), ...(this.#registration ? [this.#registration] : [])].map((e) => e.stop()),
    );
    this.#client.close();
  }
}
