/**
 * The iPXE recipe: iPXE that runs a given script with no DHCP boot options at all. iPXE cannot
 * be built here from what the registries offer, so it takes Debian's prebuilt `ipxe.lkrn`
 * (BIOS, booted like a Linux kernel) and `ipxe.efi`, and passes the script as their initrd,
 * which iPXE runs instead of its DHCP autoboot. Any loader that boots Linux boots it: SYSLINUX
 * (`KERNEL ipxe.lkrn` / `INITRD script.ipxe`), GRUB (`linux16`/`initrd16`, or on UEFI `chainloader
 * ipxe.efi initrd=script.ipxe` with the script beside it), QEMU's `-kernel`/`-initrd`.
 */
export const RECIPE = 'ipxe-script';
export const RECIPE_VERSION = 1;
export const PACKAGES = ['ipxe'];

export interface IpxeParams {
  /** The iPXE script to run, starting with #!ipxe. */
  script: string;
}

export class ParamError extends Error {}

export function ipxeParams(raw: Record<string, unknown> = {}): IpxeParams {
  for (const k of Object.keys(raw)) if (k !== 'script') throw new ParamError(`unknown parameter ${k} for ${RECIPE}`);
  const script = raw['script'];
  if (typeof script !== 'string' || !/^#!ipxe\s*\n/.test(script))
    throw new ParamError('script must be an iPXE script starting with a #!ipxe line');
  if (Buffer.byteLength(script) > 64 * 1024) throw new ParamError('script is over 64 KiB');
  return { script };
}

/** The boot entries a loader needs, for the media recipes that put iPXE on a CD or disk. */
export const SYSLINUX_ENTRY = 'DEFAULT ipxe\nLABEL ipxe\n  KERNEL ipxe.lkrn\n  INITRD script.ipxe\n';
