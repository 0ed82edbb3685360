export { nodeToProto } from './api/convert.ts';
export { inventoryService } from './api/inventory-service.ts';
export { INVENTORY_DEFAULTS, type InventoryConfig, inventoryConfigSchema } from './config.ts';
export { Inventory } from './core/inventory.ts';
export type { Node } from './model/node.ts';
export { createInventory, type InventoryHandle } from './module.ts';
export { MetalProvider } from './power/metal/metal-provider.ts';
export { type CreateSpec, type Provider, ProviderRegistry, type Provisioned } from './power/provider.ts';
export { QemuProvider } from './power/qemu/qemu-provider.ts';
