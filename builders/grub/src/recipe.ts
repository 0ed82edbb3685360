/**
 * The GRUB recipe: one standalone x86_64 EFI binary (BOOTX64.EFI) with its configuration
 * embedded and the modules a network or disk boot needs linked in, from Debian's grub-common
 * and grub-efi-amd64-bin run from their unpacked packages (nothing installed, no root). It uses
 * grub-mkimage with an embedded config rather than grub-mkstandalone: the latter packs a tar
 * memdisk stamped with the build's clock, so its output differs on every run.
 */
export const RECIPE = 'grub-efi';
export const RECIPE_VERSION = 1;

/** Console, scripting, power, Linux and chain loading, network (EFI NIC, HTTP, TFTP) and disks. */
export const MODULES = [
  'normal',
  'configfile',
  'echo',
  'serial',
  'terminal',
  'test',
  'sleep',
  'halt',
  'reboot',
  'linux',
  'chain',
  'efinet',
  'net',
  'http',
  'tftp',
  'part_gpt',
  'part_msdos',
  'fat',
  'iso9660',
  'ext2',
  'search',
];

/** Per architecture: the package of GRUB's EFI modules (arm64's fetched as a foreign package), its format, the file UEFI looks for. */
export const ARCHES = {
  x86_64: { pkg: 'grub-efi-amd64-bin', debArch: undefined, format: 'x86_64-efi', file: 'BOOTX64.EFI' },
  arm64: { pkg: 'grub-efi-arm64-bin', debArch: 'arm64', format: 'arm64-efi', file: 'BOOTAA64.EFI' },
} as const;

export interface GrubParams {
  /** The embedded grub.cfg. */
  config: string;
  arch: keyof typeof ARCHES;
}

export class ParamError extends Error {}

export function grubParams(raw: Record<string, unknown> = {}): GrubParams {
  for (const k of Object.keys(raw))
    if (k !== 'config' && k !== 'arch') throw new ParamError(`unknown parameter ${k} for ${RECIPE}`);
  const arch = raw['arch'] ?? 'x86_64';
  if (typeof arch !== 'string' || !Object.hasOwn(ARCHES, arch))
    throw new ParamError(`arch ${String(arch)} is not one of ${Object.keys(ARCHES).join(', ')}`);
  const config = raw['config'];
  if (typeof config !== 'string' || config.trim() === '') throw new ParamError('config must be a non-empty grub.cfg');
  if (Buffer.byteLength(config) > 64 * 1024) throw new ParamError('config is over 64 KiB');
  return { config, arch: arch as GrubParams['arch'] };
}
