/**
 * The index files busybox modprobe reads, for the modules an image carries (all in one folder):
 * modules.dep with each module's dependencies, modules.alias with the device patterns (PCI,
 * virtio, USB, device tree...) that name it, both cut from what depmod wrote for the whole
 * kernel. With them the image loads the drivers of the devices present, by their modaliases,
 * instead of every driver it has. Pure: text in, text out, sorted.
 */
import { type ModuleDeps, moduleName } from './module-deps.ts';

export interface ModprobeIndex {
  dep: string;
  alias: string;
}

/** `modules`: paths as modules.dep names them; `aliasText`: depmod's modules.alias. */
export function modprobeIndex(deps: ModuleDeps, modules: readonly string[], aliasText: string): ModprobeIndex {
  const file = (path: string) => path.split('/').pop()!;
  const dep = [...modules]
    .map((m) => `${file(m)}:${(deps.get(m) ?? []).map((d) => ` ${file(d)}`).join('')}\n`)
    .sort()
    .join('');
  const names = new Set(modules.map(moduleName));
  const alias = aliasText
    .split('\n')
    .filter((line) => {
      const [word, pattern, name] = line.trim().split(/\s+/);
      return word === 'alias' && pattern && name && names.has(moduleName(name));
    })
    .map((line) => `${line.trim().split(/\s+/).join(' ')}\n`)
    .sort()
    .join('');
  return { dep, alias };
}
