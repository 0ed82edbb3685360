export { connectOptions } from './connect.ts';
export { readRoles } from './election/read-roles.ts';
export { RoleElection, type RoleElectionOptions, serverId } from './election/role-election.ts';
export { type RoleHolder, type RoleRecord, roleKey } from './election/role-key.ts';
export { SiteRoles, type SiteRolesOptions, type SiteView } from './election/site-roles.ts';
export { type StoreMember, storeMembers } from './election/store-members.ts';
export { claimSite } from './site.ts';
export { sitePrefix, storeOptions } from './store-options.ts';
export { describeTarget, type EtcdTls, parseStoreUrl, type StoreTarget } from './store-url.ts';
