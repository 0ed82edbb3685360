import { describe, expect, it } from 'vitest';
import { modprobeIndex } from './modprobe-index.ts';
import { parseModulesDep } from './module-deps.ts';

// Lines as depmod wrote them for Debian's 6.1 generic kernel.
const DEP =
  parseModulesDep(`kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko kernel/net/core/failover.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/net/net_failover.ko: kernel/net/core/failover.ko
kernel/net/core/failover.ko:
kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/virtio/virtio_ring.ko:
kernel/drivers/net/ethernet/intel/e1000/e1000.ko:
kernel/drivers/pci/controller/pci-hyperv-intf.ko:
`);
const ALIAS = `# Aliases extracted from modules themselves.
alias pci:v00008086d0000100Esv*sd*bc*sc*i* e1000
alias virtio:d00000001v* virtio_net
alias pci:v00001AF4d00001041sv*sd*bc*sc*i* virtio_pci
alias pci:v00001414d*sv*sd*bc*sc*i* pci_hyperv_intf
alias fs-ext4 ext4
`;

describe('modprobe index of the modules an image carries', () => {
  const carried = [
    'kernel/drivers/virtio/virtio_ring.ko',
    'kernel/drivers/virtio/virtio.ko',
    'kernel/net/core/failover.ko',
    'kernel/drivers/net/net_failover.ko',
    'kernel/drivers/net/virtio_net.ko',
    'kernel/drivers/net/ethernet/intel/e1000/e1000.ko',
    'kernel/drivers/pci/controller/pci-hyperv-intf.ko',
  ];

  it('lists each module with its dependencies by file name, as they sit in one folder', () => {
    const { dep } = modprobeIndex(DEP, carried, ALIAS);
    expect(dep.split('\n')).toContain('virtio_net.ko: net_failover.ko failover.ko virtio.ko virtio_ring.ko');
    expect(dep.split('\n')).toContain('e1000.ko:');
    expect(dep.trim().split('\n')).toHaveLength(carried.length);
  });

  it('keeps the aliases of carried modules only, - and _ alike', () => {
    const { alias } = modprobeIndex(DEP, carried, ALIAS);
    expect(alias).toBe(
      [
        'alias pci:v00001414d*sv*sd*bc*sc*i* pci_hyperv_intf',
        'alias pci:v00008086d0000100Esv*sd*bc*sc*i* e1000',
        'alias virtio:d00000001v* virtio_net',
        '',
      ].join('\n'),
    );
  });

  it('is the same text whatever order the modules come in', () => {
    expect(modprobeIndex(DEP, [...carried].reverse(), ALIAS)).toEqual(modprobeIndex(DEP, carried, ALIAS));
  });
});
