/**
 * The ISO recipe: a hybrid BIOS and UEFI image (boots from CD, and from a USB stick or disk it is
 * written to) that boots a kernel and initramfs, such as the node image. BIOS: ISOLINUX. UEFI: an
 * El Torito EFI image, a small FAT holding /EFI/BOOT/BOOTX64.EFI, the standalone GRUB of the grub
 * recipe, whose embedded config finds the ISO by a file only it has and boots the same kernel;
 * xorriso also lists that image in a GPT, so firmware finds it on a USB stick too. Built with
 * Debian's xorriso, isolinux, syslinux-common, dosfstools and mtools run from their unpacked
 * packages; file and volume dates and the FAT's id are pinned (SOURCE_DATE_EPOCH), so the same
 * inputs give the same bytes.
 */
export const RECIPE = 'iso';
export const RECIPE_VERSION = 2;
export const PACKAGES = ['xorriso', 'isolinux', 'syslinux-common', 'dosfstools', 'mtools'];
/** The EFI image's FAT volume id: fixed, for reproducible output. */
export const EFI_VOLUME_ID = '0c0dd0c1';
/** The dates written into the image: fixed, for reproducible output. */
export const SOURCE_DATE_EPOCH = '1700000000';

export interface IsoParams {
  /** The kernel command line. */
  cmdline: string;
  /** The volume label. */
  label: string;
}

export class ParamError extends Error {}

export function isoParams(raw: Record<string, unknown> = {}): IsoParams {
  for (const k of Object.keys(raw))
    if (k !== 'cmdline' && k !== 'label') throw new ParamError(`unknown parameter ${k} for ${RECIPE}`);
  const p = { cmdline: '', label: 'PADDOCK', ...raw } as IsoParams;
  if (typeof p.cmdline !== 'string' || /[\n\r]/.test(p.cmdline) || p.cmdline.length > 2000)
    throw new ParamError('cmdline must be one line of at most 2000 characters');
  if (typeof p.label !== 'string' || !/^[A-Z0-9_]{1,32}$/.test(p.label))
    throw new ParamError('label must be 1 to 32 of A-Z, 0-9 and _');
  return p;
}

export const isolinuxConfig = (cmdline: string) =>
  `DEFAULT node\nPROMPT 0\nTIMEOUT 0\nLABEL node\n  KERNEL /boot/vmlinuz\n  INITRD /boot/initrd.img\n  APPEND ${cmdline}\n`;

/** GRUB finds the ISO by a file only this image has, then boots the same kernel. */
export const grubConfig = (cmdline: string) =>
  `search --no-floppy --file --set=root /boot/paddock-iso\nlinux /boot/vmlinuz ${cmdline}\ninitrd /boot/initrd.img\nboot\n`;
