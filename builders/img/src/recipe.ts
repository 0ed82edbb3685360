/**
 * The IMG recipe: a raw GPT disk image with one EFI system partition that boots a kernel and
 * initramfs (such as the node image) on BIOS and on UEFI, to write to a USB stick or a disk or
 * to give a VM. BIOS: SYSLINUX's GPT MBR chain-loads the partition marked legacy-BIOS-bootable,
 * where SYSLINUX (installed with its mtools installer) boots the kernel. UEFI: the firmware's
 * removable-media path /EFI/BOOT/BOOTX64.EFI is a standalone GRUB (the grub recipe) whose embedded
 * config finds the partition and boots the same kernel. Built with dosfstools, mtools and sfdisk
 * on plain files: no loop device, no mount, no root. Dates and ids are pinned, so the same inputs
 * give the same bytes.
 */
export const RECIPE = 'img';
export const RECIPE_VERSION = 1;
export const PACKAGES = ['dosfstools', 'mtools', 'fdisk', 'syslinux', 'syslinux-common'];
export const SOURCE_DATE_EPOCH = '1700000000';
/** The disk's and the partition's GPT ids and the FAT volume id: fixed, for reproducible output. */
export const DISK_GUID = '5E8A1B5C-0D0C-4D0C-9ADD-0C0000000001';
export const PART_GUID = '5E8A1B5C-0D0C-4D0C-9ADD-0C0000000002';
export const VOLUME_ID = '0c0dd0c0';

export interface ImgParams {
  /** The kernel command line. */
  cmdline: string;
  /** The FAT volume label. */
  label: string;
}

export class ParamError extends Error {}

export function imgParams(raw: Record<string, unknown> = {}): ImgParams {
  for (const k of Object.keys(raw))
    if (k !== 'cmdline' && k !== 'label') throw new ParamError(`unknown parameter ${k} for ${RECIPE}`);
  const p = { cmdline: '', label: 'PADDOCK', ...raw } as ImgParams;
  if (typeof p.cmdline !== 'string' || /[\n\r"]/.test(p.cmdline) || p.cmdline.length > 2000)
    throw new ParamError('cmdline must be one line of at most 2000 characters, without "');
  if (typeof p.label !== 'string' || !/^[A-Z0-9_]{1,11}$/.test(p.label))
    throw new ParamError('label must be 1 to 11 of A-Z, 0-9 and _ (a FAT label)');
  return p;
}

export const syslinuxConfig = (cmdline: string) =>
  `DEFAULT node\nPROMPT 0\nTIMEOUT 0\nLABEL node\n  KERNEL /boot/vmlinuz\n  INITRD /boot/initrd.img\n  APPEND ${cmdline}\n`;

/** GRUB finds the partition by a file only this image has, then boots the same kernel. */
export const grubConfig = (cmdline: string) =>
  `search --no-floppy --file --set=root /boot/paddock-img\nlinux /boot/vmlinuz ${cmdline}\ninitrd /boot/initrd.img\nboot\n`;

/** sfdisk's script: GPT, one EFI system partition from 1 MiB, legacy-BIOS-bootable. */
export const partitionScript = (sectors: number) =>
  `label: gpt\nlabel-id: ${DISK_GUID}\nunit: sectors\nfirst-lba: 2048\n\nstart=2048, size=${sectors}, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=${PART_GUID}, name="ESP", attrs="LegacyBIOSBootable"\n`;
