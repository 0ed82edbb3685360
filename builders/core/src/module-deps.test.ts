import { describe, expect, it } from 'vitest';
import { loadOrder, moduleName, parseModulesDep, UnknownModuleError } from './module-deps.ts';

// Lines as depmod wrote them for Debian's 6.1 generic kernel.
const DEP = `kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_legacy_dev.ko kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/virtio/virtio_pci_legacy_dev.ko:
kernel/drivers/virtio/virtio_pci_modern_dev.ko:
kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/virtio/virtio_ring.ko:
kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko kernel/net/core/failover.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/net/net_failover.ko: kernel/net/core/failover.ko
kernel/net/core/failover.ko:
kernel/drivers/net/ethernet/intel/e1000/e1000.ko:
kernel/drivers/pci/controller/pci-hyperv-intf.ko:
`;

describe('module load order from modules.dep', () => {
  const deps = parseModulesDep(DEP);

  it('loads every dependency before the module that needs it, each once', () => {
    const order = loadOrder(deps, ['virtio_pci', 'virtio_net', 'e1000']).map(moduleName);
    expect(order).toEqual([
      'virtio_ring',
      'virtio',
      'virtio_pci_modern_dev',
      'virtio_pci_legacy_dev',
      'virtio_pci',
      'failover',
      'net_failover',
      'virtio_net',
      'e1000',
    ]);
  });

  it('treats - and _ in names alike, as modprobe does', () => {
    expect(loadOrder(deps, ['pci_hyperv_intf'])).toEqual(['kernel/drivers/pci/controller/pci-hyperv-intf.ko']);
  });

  it('names a module it cannot find, unless the kernel has it built in', () => {
    expect(() => loadOrder(deps, ['e1001'])).toThrow(UnknownModuleError);
    expect(() => loadOrder(deps, ['e1001'])).toThrow(/e1001/);
    expect(loadOrder(deps, ['af_packet'], ['kernel/net/packet/af_packet.ko'])).toEqual([]);
  });
});
