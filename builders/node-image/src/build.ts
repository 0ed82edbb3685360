/**
 * Builds the node image (vmlinuz + initrd.img) or takes it from the artifact cache. The key is
 * the recipe, its version, the parameters and the exact version of every input package, so an
 * unchanged rebuild is a cache hit that costs a lock read and a hash check. Runs unprivileged.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, zstdCompressSync } from 'node:zlib';
import {
  ArtifactCache,
  buildKey,
  type CachedFile,
  cpioNewc,
  type DebInput,
  fetchDebs,
  runPackaged,
} from '@paddock/builders';
import { nodeImageTree } from './image-tree.ts';
import {
  ARCHES,
  CLUSTER_PACKAGES,
  type NodeImageParams,
  nodeImageParams,
  PROGRAM_PACKAGES,
  RECIPE,
  RECIPE_VERSION,
} from './recipe.ts';

export interface BuildOptions {
  /** Where fetched and unpacked packages are kept (shared between builds). */
  inputsDir: string;
  /** The artifact cache. */
  cacheDir: string;
  params?: Record<string, unknown>;
  /** Build even when the cache has the result (the result is still stored). */
  noCache?: boolean;
  log?: (line: string) => void;
  /** Told as each step starts: its name, the share of the build done, the bytes made so far. */
  progress?: (step: string, percent: number, bytes?: number) => void;
}

export interface BuildResult {
  key: string;
  hit: boolean;
  files: CachedFile[];
  inputs: { name: string; version: string }[];
  ms: number;
}

export function buildNodeImage(o: BuildOptions): BuildResult {
  const started = performance.now();
  const log = o.log ?? (() => {});
  const progress = o.progress ?? (() => {});
  const params = nodeImageParams(o.params);
  progress('inputs', 5);
  const arch = ARCHES[params.arch];
  // The host's own architecture goes through the host's apt (and its existing locks).
  const foreign = params.arch === 'x86_64' ? undefined : arch.debArch;
  const packages = [...PROGRAM_PACKAGES, ...(params.profile === 'cluster' ? CLUSTER_PACKAGES : [])];
  const inputs = fetchDebs(o.inputsDir, packages, packages, [arch.kernelMeta], foreign);
  const versions = inputs.map(({ name, version }) => ({ name, version }));
  // The compressor runs on the build host, so it comes in the host's architecture.
  const tools = params.compression === 'lz4' ? fetchDebs(o.inputsDir, ['lz4'], ['lz4']) : [];
  const toolVersions = tools.map(({ name, version }) => ({ name, version }));
  const key = buildKey({ recipe: RECIPE, version: RECIPE_VERSION, params, inputs: versions, tools: toolVersions });
  const cache = new ArtifactCache(o.cacheDir);
  const cached = o.noCache ? undefined : cache.get(key);
  if (cached) {
    log(`cache hit ${key.slice(0, 12)}`);
    return { key, hit: true, files: cached.files, inputs: versions, ms: performance.now() - started };
  }
  const kernel = inputs.find((i) => /^linux-image-\d/.test(i.name));
  if (!kernel) throw new Error(`${arch.kernelMeta} resolved to no versioned kernel package`);
  progress('modules', 25);
  ensureModulesDep(kernel);
  log(`building ${RECIPE} from ${inputs.length} packages (kernel ${kernel.name} ${kernel.version})`);
  progress('tree', 35);
  const tree = nodeImageTree(inputs, kernel, params);
  const cpio = cpioNewc(tree.entries);
  progress('compress', 55, cpio.length);
  const initrd = compress(cpio, params, tools);
  log(
    `initramfs: ${tree.entries.length} entries, ${tree.modules.length} modules, ${tree.libraries.length} libraries, ${cpio.length} bytes, ${initrd.length} compressed`,
  );
  progress('store', 90, initrd.length + tree.vmlinuz.length);
  const entry = cache.put(
    key,
    { vmlinuz: tree.vmlinuz, 'initrd.img': initrd },
    {
      recipe: RECIPE,
      params,
      inputs: versions,
      kernel: tree.kernelVersion,
      modules: tree.modules,
      libraries: tree.libraries,
      cpioBytes: cpio.length,
    },
  );
  return { key, hit: false, files: entry.files, inputs: versions, ms: performance.now() - started };
}

/**
 * The initramfs compressed as the kernel reads it: lz4 in its legacy frame (the only one the
 * kernel's unlz4 knows) at level 9, as initramfs-tools makes it, by Debian's lz4; or zstd.
 */
function compress(cpio: Uint8Array, params: NodeImageParams, tools: readonly DebInput[]): Buffer {
  if (params.compression === 'zstd')
    return zstdCompressSync(cpio, { params: { [constants.ZSTD_c_compressionLevel]: params.zstdLevel } });
  const dir = mkdtempSync(join(tmpdir(), 'paddock-node-image-'));
  try {
    writeFileSync(join(dir, 'initrd.cpio'), cpio);
    runPackaged(tools, 'lz4', 'usr/bin/lz4', ['-q', '-l', '-9', join(dir, 'initrd.cpio'), join(dir, 'initrd.lz4')]);
    return readFileSync(join(dir, 'initrd.lz4'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Debian's kernel package leaves modules.dep and modules.alias to depmod at install time: make
 * them once, beside the modules (`depmod -n` prints every index, each after a `# ` header line).
 */
function ensureModulesDep(kernel: DebInput): void {
  const version = kernel.name.replace(/^linux-image-/, '');
  const dir = join(kernel.root, 'lib/modules', version);
  if (existsSync(join(dir, 'modules.dep')) && existsSync(join(dir, 'modules.alias'))) return;
  const text = execFileSync('depmod', ['-n', '-b', kernel.root, version], { maxBuffer: 64 << 20 }).toString();
  const parts = text.split('\n# ');
  const aliases = parts.find((p) => p.startsWith('Aliases extracted from modules'));
  if (!aliases) throw new Error(`depmod printed no module aliases for ${version}`);
  for (const [name, body] of [
    ['modules.alias', aliases.slice(aliases.indexOf('\n') + 1)],
    ['modules.dep', parts[0]!],
  ] as const) {
    writeFileSync(join(dir, `${name}.tmp`), body);
    renameSync(join(dir, `${name}.tmp`), join(dir, name));
  }
}
