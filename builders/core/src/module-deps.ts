/**
 * Kernel modules with what they depend on, in load order, from the kernel's modules.dep (as
 * depmod writes it: `path: dep dep ...`, each line listing every module the first one needs,
 * the ones to load first last). Pure: text in, ordered paths out.
 */
export type ModuleDeps = ReadonlyMap<string, readonly string[]>;

export function parseModulesDep(text: string): ModuleDeps {
  const deps = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    deps.set(
      line.slice(0, colon).trim(),
      line
        .slice(colon + 1)
        .trim()
        .split(/\s+/)
        .filter(Boolean),
    );
  }
  return deps;
}

/** A module's name as modprobe knows it: the file's base name, `-` and `_` the same. */
export const moduleName = (path: string) =>
  path
    .split('/')
    .pop()!
    .replace(/\.ko(\.(xz|zst|gz))?$/, '')
    .replaceAll('-', '_');

export class UnknownModuleError extends Error {}

/**
 * The paths to insmod, dependencies before the modules that need them, each once, for the
 * modules named in `wanted`. Names not in modules.dep are an error (a typo, or a driver this
 * kernel has built in: say which in the caller's `builtin` list to skip it).
 */
export function loadOrder(deps: ModuleDeps, wanted: readonly string[], builtin: readonly string[] = []): string[] {
  const byName = new Map([...deps.keys()].map((p) => [moduleName(p), p]));
  const builtinNames = new Set(builtin.map(moduleName));
  const order: string[] = [];
  const seen = new Set<string>();
  const add = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    // modules.dep lists the full closure with the first-to-load last, as modprobe reads it.
    for (const dep of [...(deps.get(path) ?? [])].reverse()) add(dep);
    order.push(path);
  };
  for (const name of wanted) {
    const path = byName.get(moduleName(name));
    if (path) add(path);
    else if (!builtinNames.has(moduleName(name)))
      throw new UnknownModuleError(`no kernel module ${name} in modules.dep`);
  }
  return order;
}
