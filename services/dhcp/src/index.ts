export { DhcpConfig } from './config/config-state.ts';
export { LiveConfig } from './config/live-config.ts';
export {
  type BootSettingDoc,
  camelKeys,
  type OptionSetting,
  parseDoc,
  type ReservationDoc,
  reservationSchema,
  type SubnetDoc,
  subnetSchema,
} from './config/schema.ts';
export {
  type DhcpServeConfig,
  dhcpConfigSchema,
  dhcpOptionsFromConfig,
  quickSubnet,
} from './config/serve-config.ts';
export { DEFAULT_SETTINGS, type Settings, settingsSchema } from './config/settings.ts';
export type { Lease } from './leases/lease.ts';
export type { LeaseStore } from './leases/lease-store.ts';
export { createDhcp, type DhcpModuleOptions } from './module.ts';
export { DhcpServer, type DhcpServerOptions } from './server/dhcp-server.ts';
export { type ConfigKind, type ConfigStore, SqliteConfigStore, type StoredDoc } from './store/config-store.ts';
export { EtcdConfigStore } from './store/etcd/etcd-config-store.ts';
export { EtcdLeaseStore } from './store/etcd/etcd-lease-store.ts';
export { MIGRATIONS as LEASE_DB_MIGRATIONS } from './store/migrations.ts';
export { SqliteLeaseStore } from './store/sqlite-lease-store.ts';
