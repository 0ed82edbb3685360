export { type ClaimHolder, type ClaimRecord, claimKey } from './claims/claim-key.ts';
export { MachineClaims, type MachineClaimsOptions } from './claims/machine-claims.ts';
export { type ClaimRead, readClaims } from './claims/read-claims.ts';
export { connectOptions, memberUnreachable, worthResending } from './connect.ts';
export { readRoles } from './election/read-roles.ts';
export { RoleElection, type RoleElectionOptions, serverId } from './election/role-election.ts';
export { type RoleHolder, type RoleRecord, roleKey } from './election/role-key.ts';
export { SiteRoles, type SiteRolesOptions, type SiteView } from './election/site-roles.ts';
export { type ServerRead, type ServerRecord, serverKey } from './election/site-servers.ts';
export { type StoreMember, storeMembers } from './election/store-members.ts';
export { EtcdMembers } from './raw/etcd-members.ts';
export {
  decodeTxnResponse,
  encodeGuardedPuts,
  type GuardedPut,
  type RawKv,
  type TxnResult,
} from './raw/kv-messages.ts';
export { PrefixWatch, type PrefixWatchOptions } from './raw/prefix-watch.ts';
export type { WatchEvent } from './raw/watch-messages.ts';
export { claimSite } from './site.ts';
export { sitePrefix, storeOptions } from './store-options.ts';
export { describeTarget, type EtcdTls, parseStoreUrl, type StoreTarget } from './store-url.ts';
export type { EtcdOp, KeyValue, Range } from './sync/etcd-ops.ts';
export { prefixEnd } from './sync/etcd-ops.ts';
export { followChanges } from './sync/follow-changes.ts';
export { type FollowMessage, type RangeKv, readRange } from './sync/follow-range.ts';
export { openSiteEtcd, type SiteEtcdOptions } from './sync/open-site.ts';
export { SyncEtcd } from './sync/sync-etcd.ts';
