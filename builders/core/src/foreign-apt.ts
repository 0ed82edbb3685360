/**
 * apt for another architecture without touching the host's dpkg architectures: a private
 * configuration under the inputs cache (its own sources, lists, package cache and an empty
 * dpkg status) with APT::Architecture set to the target. Debian's archive keyring still checks
 * every index, and apt-get download still checks every file against them, as for host builds.
 * The indices are fetched once (about 9 MB for arm64) and kept until `refresh` is asked, so a
 * build with unchanged inputs stays a cache hit.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Debian's names for the architectures recipes build for. */
export const DEB_ARCH = { x86_64: 'amd64', arm64: 'arm64' } as const;
export type BuildArch = keyof typeof DEB_ARCH;

const KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

export class ForeignAptError extends Error {}

/** The host's Debian release (bookworm), so foreign inputs match the host's own. */
function codename(): string {
  const release = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const name = /^VERSION_CODENAME=(\w+)$/m.exec(release)?.[1];
  if (!name) throw new ForeignAptError('cannot tell the Debian release from /etc/os-release');
  return name;
}

/** The sources: main, and non-free-firmware for boot firmware such as raspi-firmware. */
export function foreignSources(debArch: string, release: string): string {
  const line = (url: string, suite: string) =>
    `deb [arch=${debArch} signed-by=${KEYRING}] ${url} ${suite} main non-free-firmware\n`;
  return (
    line('http://deb.debian.org/debian', release) +
    line('http://deb.debian.org/debian', `${release}-updates`) +
    line('http://deb.debian.org/debian-security', `${release}-security`)
  );
}

export interface AptSetup {
  /** Options to put before every apt-get / apt-cache argument list; empty for the host. */
  options: string[];
  /** Files whose change means apt may now answer differently. */
  stateFiles: string[];
}

/** The apt options for `debArch`: none for the host's own, a private configuration otherwise. */
export function aptFor(cache: string, debArch: string, hostArch: string, refresh = false): AptSetup {
  if (debArch === hostArch)
    return {
      options: [],
      stateFiles: [
        '/var/cache/apt/pkgcache.bin',
        '/var/lib/apt/lists',
        '/etc/apt/sources.list',
        '/etc/apt/sources.list.d',
      ],
    };
  const dir = join(cache, 'apt', debArch);
  const lists = join(dir, 'lists');
  const sources = join(dir, 'sources.list');
  const options = [
    ...['-o', `APT::Architecture=${debArch}`, '-o', `APT::Architectures=${debArch}`],
    ...['-o', `Dir::State::Lists=${lists}`, '-o', `Dir::State::status=${join(dir, 'status')}`],
    ...['-o', `Dir::Cache=${join(dir, 'cache')}`, '-o', `Dir::Etc::SourceList=${sources}`],
    ...['-o', 'Dir::Etc::SourceParts=/nonexistent', '-o', 'Dir::Etc::Preferences=/nonexistent'],
    ...['-o', 'Dir::Etc::PreferencesParts=/nonexistent', '-o', 'Acquire::Languages=none'],
    // Downloads into folders the building user owns: apt's _apt sandbox user could not write there.
    ...['-o', 'APT::Sandbox::User=root'],
  ];
  const fetched = existsSync(lists) && readdirSync(lists).some((f) => /_Packages(\.\w+)?$/.test(f));
  if (!fetched || refresh) {
    for (const d of [join(lists, 'partial'), join(dir, 'cache', 'archives', 'partial')])
      mkdirSync(d, { recursive: true });
    writeFileSync(join(dir, 'status'), '');
    writeFileSync(sources, foreignSources(debArch, codename()));
    try {
      execFileSync('apt-get', [...options, '-q', 'update'], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
      throw new ForeignAptError(`apt-get update for ${debArch}: ${stderr || (err as Error).message}`);
    }
    if (!readdirSync(lists).some((f) => /_Packages(\.\w+)?$/.test(f)))
      throw new ForeignAptError(`apt-get update for ${debArch} fetched no package index`);
  }
  return { options, stateFiles: [lists, sources] };
}

/** A string that changes whenever any of the state files does. */
export const aptState = (files: readonly string[]) =>
  files.map((f) => (existsSync(f) ? `${f}@${statSync(f).mtimeMs}` : `${f}@-`)).join(' ');
