/**
 * Soft dependencies of kernel modules (`softdep` in a module's modinfo, as in r8169's
 * "pre: realtek"): modules a driver needs loaded with it that no symbol ties to it. depmod puts
 * them in modules.softdep, which busybox modprobe does not read, so an image that carries only
 * modules.dep would load r8169 without its PHY driver (the link may never come up). Here they
 * become dependencies like the others, `pre:` and `post:` alike, loaded before the module. Pure.
 */
import { loadOrder, type ModuleDeps, moduleName } from './module-deps.ts';

/** The values of `key` in a module's .modinfo (NUL-separated `key=value` strings in the file). */
export function modinfoValues(ko: Uint8Array, key: string): string[] {
  const text = Buffer.from(ko.buffer, ko.byteOffset, ko.byteLength).toString('latin1');
  const out: string[] = [];
  for (let at = text.indexOf(`\0${key}=`); at >= 0; at = text.indexOf(`\0${key}=`, at + 1)) {
    const start = at + key.length + 2;
    const end = text.indexOf('\0', start);
    out.push(text.slice(start, end < 0 ? undefined : end));
  }
  return out;
}

/** Module names of softdep values ("pre: realtek post: foo"), without the pre:/post: words. */
export function parseSoftdeps(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(/\s+/).filter((w) => w && !w.endsWith(':')));
}

/**
 * modules.dep for the modules `wanted` reaches, each module's soft dependencies (from
 * `softdepsOf`, given a modules.dep path) added with their own dependencies, until nothing new is
 * reached. A soft dependency this kernel lacks or has built in is skipped: it is optional.
 */
export function withSoftdeps(
  deps: ModuleDeps,
  wanted: readonly string[],
  builtin: readonly string[],
  softdepsOf: (path: string) => string[],
): ModuleDeps {
  const byName = new Map([...deps.keys()].map((p) => [moduleName(p), p]));
  const out = new Map(deps);
  const seen = new Set<string>();
  for (;;) {
    const fresh = loadOrder(out, wanted, builtin).filter((p) => !seen.has(p));
    if (fresh.length === 0) return out;
    for (const path of fresh) {
      seen.add(path);
      const extra = softdepsOf(path).flatMap((name) => {
        const p = byName.get(moduleName(name));
        // modules.dep lists the first to load last: the soft dependency after its own needs.
        return p && p !== path ? [p, ...(out.get(p) ?? [])] : [];
      });
      const own = out.get(path) ?? [];
      if (extra.length > 0) out.set(path, [...own, ...extra.filter((p) => !own.includes(p))]);
    }
  }
}
