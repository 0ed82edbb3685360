/**
 * Debian packages as build inputs: resolved to the versions apt offers, fetched with
 * `apt-get download` (apt checks each file against the signed archive indices), unpacked once
 * with `dpkg-deb -x` into `<cache>/pkgs/<name>_<version>_<arch>/`. A lock per package set
 * remembers the resolution while apt's indices are unchanged, so a build with unchanged inputs
 * needs no apt call at all. Nothing here needs root.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aptFor, aptState } from './foreign-apt.ts';

export interface DebInput {
  name: string;
  version: string;
  arch: string;
  /** Where the package is unpacked. */
  root: string;
}

export class PackageError extends Error {}

const run = (cmd: string, args: string[], cwd?: string) => {
  try {
    return execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 }).toString();
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new PackageError(`${cmd} ${args.join(' ')}: ${stderr || (err as Error).message}`);
  }
};

/**
 * The packages and, for each in `withLibs`, the library packages it needs at run time
 * (`Depends`/`Pre-Depends` closure, keeping lib* and zlib*): what its programs can load.
 */
export function packageClosure(names: readonly string[], withLibs: readonly string[], apt: string[] = []): string[] {
  const all = new Set(names);
  if (withLibs.length > 0) {
    const out = run('apt-cache', [
      ...apt,
      'depends',
      '--recurse',
      '--no-recommends',
      '--no-suggests',
      '--no-conflicts',
      '--no-breaks',
      '--no-replaces',
      '--no-enhances',
      ...withLibs,
    ]);
    for (const line of out.split('\n')) if (/^(lib|zlib)[a-z0-9.+-]+$/.test(line)) all.add(line);
  }
  return [...all].sort();
}

/** What a metapackage stands for today: its first dependency (linux-image-amd64 → linux-image-6.1.0-NN-amd64). */
function firstDependency(meta: string, apt: string[]): string {
  const dep = /^\s+Depends: (\S+)$/m.exec(run('apt-cache', [...apt, 'depends', meta]))?.[1];
  if (!dep) throw new PackageError(`no such Debian package (or it depends on nothing): ${meta}`);
  return dep;
}

/** apt's candidate version of each package; a package apt does not know is an error naming it. */
function candidates(names: readonly string[], apt: string[]): Map<string, string> {
  const out = run('apt-cache', [...apt, 'policy', ...names]);
  const found = new Map<string, string>();
  for (const block of out.split(/\n(?=\S)/)) {
    const name = block.split(':')[0]!.trim();
    const version = /Candidate: (\S+)/.exec(block)?.[1];
    if (version && version !== '(none)') found.set(name, version);
  }
  const missing = names.filter((n) => !found.has(n));
  if (missing.length > 0) throw new PackageError(`no such Debian package (or no candidate): ${missing.join(', ')}`);
  return found;
}

/** apt-get download's file name for a version (':' is escaped as %3a). */
const debFile = (name: string, version: string, arch: string) => `${name}_${version.replace(':', '%3a')}_${arch}.deb`;

/**
 * Resolves, fetches and unpacks `names` (plus their library closure for `withLibs`, and what
 * each metapackage in `follow` stands for) into `cache`; returns them sorted by name. The fast
 * path reads the lock only. `arch` (a Debian architecture, arm64 say) fetches another
 * architecture's packages through a private apt configuration (foreign-apt.ts).
 */
export function fetchDebs(
  cache: string,
  names: readonly string[],
  withLibs: readonly string[] = [],
  follow: readonly string[] = [],
  arch?: string,
): DebInput[] {
  const hostArch = run('dpkg', ['--print-architecture']).trim();
  const setup = aptFor(cache, arch ?? hostArch, hostArch);
  const apt = setup.options;
  const key = createHash('sha256')
    .update(JSON.stringify(arch && arch !== hostArch ? [names, withLibs, follow, arch] : [names, withLibs, follow]))
    .digest('hex')
    .slice(0, 16);
  const lockFile = join(cache, 'locks', `${key}.json`);
  const state = aptState(setup.stateFiles);
  if (existsSync(lockFile)) {
    const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { aptState: string; inputs: DebInput[] };
    if (lock.aptState === state && lock.inputs.every((i) => existsSync(join(i.root, '.unpacked')))) return lock.inputs;
  }
  const all = packageClosure([...names, ...follow.map((m) => firstDependency(m, apt))], withLibs, apt);
  const versions = candidates(all, apt);
  const debs = join(cache, 'debs');
  mkdirSync(debs, { recursive: true });
  const fileOf = (name: string) => {
    const prefix = `${name}_${versions.get(name)!.replace(':', '%3a')}_`;
    // The same version is often built for several architectures: take this one's, or `all`.
    const suffixes = [`_${arch ?? hostArch}.deb`, '_all.deb'];
    return readdirSync(debs).find((f) => f.startsWith(prefix) && suffixes.some((s) => f.endsWith(s)));
  };
  const toFetch = all.filter((name) => !fileOf(name)).map((name) => `${name}=${versions.get(name)}`);
  if (toFetch.length > 0) download(toFetch, apt, debs);
  const result = all.map((name) => {
    const version = versions.get(name)!;
    const file = fileOf(name);
    if (!file) throw new PackageError(`apt-get download left no ${debFile(name, version, arch ?? hostArch)}`);
    const pkgArch = file.split('_')[2]!.replace(/\.deb$/, '');
    const root = join(cache, 'pkgs', file.replace(/\.deb$/, ''));
    unpack(join(debs, file), root);
    return { name, version, arch: pkgArch, root };
  });
  mkdirSync(join(cache, 'locks'), { recursive: true });
  writeFileSync(`${lockFile}.tmp`, JSON.stringify({ aptState: state, inputs: result }, null, 1));
  renameSync(`${lockFile}.tmp`, lockFile);
  return result;
}

/**
 * Downloads into a folder of this process's own, then renames each file into `debs`: two builds
 * sharing a cache never see each other's half-written .deb.
 */
function download(specs: readonly string[], apt: readonly string[], debs: string): void {
  const own = join(debs, `.download-${process.pid}`);
  rmSync(own, { recursive: true, force: true });
  mkdirSync(own);
  try {
    run('apt-get', [...apt, 'download', '-q', ...specs], own);
    for (const f of readdirSync(own)) if (f.endsWith('.deb')) renameSync(join(own, f), join(debs, f));
  } finally {
    rmSync(own, { recursive: true, force: true });
  }
}

/**
 * Unpacks a .deb once: into a temporary folder renamed into place, so a crash leaves no half tree
 * and a second build unpacking the same package at once keeps the first one's tree.
 */
function unpack(deb: string, root: string): void {
  if (existsSync(join(root, '.unpacked'))) return;
  const tmp = `${root}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(root, '..'), { recursive: true });
  run('dpkg-deb', ['-x', deb, tmp]);
  writeFileSync(join(tmp, '.unpacked'), '');
  try {
    renameSync(tmp, root);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(root, '.unpacked'))) throw e;
  }
}
