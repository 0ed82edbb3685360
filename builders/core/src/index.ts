export { ArtifactCache, buildKey, type CachedFile, type CacheEntry } from './artifact-cache.ts';
export { type DebInput, fetchDebs, PackageError, packageClosure } from './deb-inputs.ts';
export { type ElfNeeds, elfNeeds } from './elf.ts';
export { type FatImage, makeFatImage, mtoolsEnv } from './fat-image.ts';
export { aptFor, type BuildArch, DEB_ARCH, ForeignAptError, foreignSources } from './foreign-apt.ts';
export { type CpioEntry, cpioNewc, gzipInitramfs, VIRTIO_NET_INSMOD, virtioNetModules } from './initramfs.ts';
export { type ModprobeIndex, modprobeIndex } from './modprobe-index.ts';
export { loadOrder, type ModuleDeps, moduleName, parseModulesDep, UnknownModuleError } from './module-deps.ts';
export { runPackaged, ToolError } from './run-packaged.ts';
