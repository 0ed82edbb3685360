import { Etcd3 } from 'etcd3';
import { type ClaimRead, readClaims } from '../claims/read-claims.ts';
import { connectOptions } from '../connect.ts';
import { sitePrefix } from '../store-options.ts';
import type { StoreTarget } from '../store-url.ts';
import { readRoles } from './read-roles.ts';
import { RoleElection } from './role-election.ts';
import type { RoleRecord } from './role-key.ts';
import { type StoreMember, storeMembers } from './store-members.ts';

type EtcdTarget = Extract<StoreTarget, { kind: 'etcd' }>;

export interface SiteRolesOptions {
  target: EtcdTarget;
  site: string;
  roles: readonly string[];
  ttlSeconds: number;
  onChange?: (role: string, held: boolean, why: string) => void;
}

export interface SiteView {
  members: StoreMember[];
  roles: (RoleRecord | { role: string; error: string })[];
  /** Which compute host holds each QEMU machine. */
  claims: ClaimRead[];
  error?: string;
}

/**
 * The singleton roles of one Paddock server on a site's etcd: one election per role on one
 * client, started once the server knows its id, resigned at stop.
 */
export class SiteRoles {
  readonly #o: SiteRolesOptions;
  readonly #client: Etcd3;
  readonly #elections = new Map<string, RoleElection>();

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

  start(server: string): void {
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

  /** Members with their health and every role's holder, as etcd says now. */
  async view(deadlineMs = 3_000): Promise<SiteView> {
    const [members, roles, claims] = await Promise.allSettled([
      storeMembers(this.#client, this.#o.target.tls, deadlineMs),
      readRoles(this.#client, this.prefix, deadlineMs),
      readClaims(this.#client, this.prefix, deadlineMs),
    ]);
    const errors = [members, roles, claims].flatMap((r) =>
      r.status === 'rejected' ? [(r.reason as Error).message] : [],
    );
    return {
      members: members.status === 'fulfilled' ? members.value : [],
      roles: roles.status === 'fulfilled' ? roles.value : [],
      claims: claims.status === 'fulfilled' ? claims.value : [],
      ...(errors.length ? { error: `etcd did not answer: ${errors.join('; ')}` } : {}),
    };
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#elections.values()].map((e) => e.stop()));
    this.#client.close();
  }
}
