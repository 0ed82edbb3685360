import { describe, expect, it } from 'vitest';
import { loadOrder, moduleName, parseModulesDep } from './module-deps.ts';
import { modinfoValues, parseSoftdeps, withSoftdeps } from './module-softdeps.ts';

// Lines as depmod wrote them for Debian's 6.1 generic kernel.
const DEP = `kernel/drivers/net/ethernet/realtek/r8169.ko: kernel/drivers/net/phy/libphy.ko kernel/drivers/net/mdio/mdio_devres.ko
kernel/drivers/net/phy/realtek.ko: kernel/drivers/net/phy/libphy.ko
kernel/drivers/net/phy/libphy.ko:
kernel/drivers/net/mdio/mdio_devres.ko: kernel/drivers/net/phy/libphy.ko
kernel/drivers/net/ethernet/intel/e1000/e1000.ko:
`;
/** A module file's .modinfo as the kernel's build writes it, amid other bytes. */
const ko = (...entries: string[]) =>
  new Uint8Array(Buffer.from(`\x7fELF\0\0junk\0${entries.join('\0')}\0more\0`, 'latin1'));

describe('soft dependencies of kernel modules', () => {
  it('reads softdep values from a module file', () => {
    const file = ko('license=GPL', 'softdep=pre: realtek', 'alias=pci:v000010ECd00008168sv*', 'softdep=post: extra');
    expect(modinfoValues(file, 'softdep')).toEqual(['pre: realtek', 'post: extra']);
    expect(parseSoftdeps(modinfoValues(file, 'softdep'))).toEqual(['realtek', 'extra']);
    expect(modinfoValues(ko('license=GPL'), 'softdep')).toEqual([]);
  });

  it("loads r8169 after its PHY driver, and lists it among r8169's dependencies for modprobe", () => {
    const deps = parseModulesDep(DEP);
    const soft: Record<string, string[]> = {
      'kernel/drivers/net/ethernet/realtek/r8169.ko': ['realtek', 'no_such_module'],
    };
    const out = withSoftdeps(deps, ['r8169', 'e1000'], [], (p) => soft[p] ?? []);
    const order = loadOrder(out, ['r8169', 'e1000']).map(moduleName);
    expect(order).toEqual(['libphy', 'realtek', 'mdio_devres', 'r8169', 'e1000']);
    expect(out.get('kernel/drivers/net/ethernet/realtek/r8169.ko')).toEqual([
      'kernel/drivers/net/phy/libphy.ko',
      'kernel/drivers/net/mdio/mdio_devres.ko',
      'kernel/drivers/net/phy/realtek.ko',
    ]);
    // Without soft dependencies the PHY driver is not carried at all.
    expect(loadOrder(deps, ['r8169']).map(moduleName)).not.toContain('realtek');
  });
});
