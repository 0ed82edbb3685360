export { ARCH_NAMES, type ArchName, archOf, type BootAnswerProvider } from '@paddock/netboot';
export { type BootAnswer, decide } from './answer.ts';
export { type BootClient, type BootRequest, describeClient } from './boot-request.ts';
export {
  type BootConfig,
  BootConfigError,
  type BootSettings,
  bootConfigSchema,
  resolveBootSettings,
} from './config.ts';
export { EVENT_KINDS, type EventKind } from './events/event-log.ts';
export { type BootHandle, type BootOptions, createBoot } from './module.ts';
export { type InventoryLink, inventoryOverGrpc } from './nodes/inventory-grpc.ts';
export type { BootNode, FedNode, NodeEvent, NodeFeed } from './nodes/node-cache.ts';
export { proxyVerdict } from './proxy/proxy-policy.ts';
export { eventKindName, ruleFromPb, ruleToPb } from './rpc/convert.ts';
export { parseRule, type Rule } from './rules/rule.ts';
export { validateTemplate } from './script/template.ts';
export type { BootRows, Script, StoredFile } from './store/boot-rows.ts';
export { EtcdBootRows } from './store/etcd/etcd-boot-rows.ts';
export { BOOT_MIGRATIONS } from './store/schema.ts';
export { SqliteBootRows } from './store/sqlite-boot-rows.ts';
export * from './tftp/index.ts';
