/**
 * The U-Boot recipe: a boot.scr (mkimage's legacy script image) that boots a Linux Image and
 * initramfs (the arm64 node image) on any board whose U-Boot has the distro boot scripts. Found
 * on a disk by distro boot, it loads the files from the partition it was found on; fetched over
 * the network (no ${devtype} then), it loads them by TFTP from the server DHCP named. The
 * device tree is the one U-Boot runs with ($fdtcontroladdr): QEMU's, or the board firmware's.
 */
export const RECIPE = 'uboot-script';
export const RECIPE_VERSION = 1;
export const PACKAGES = ['u-boot-tools'];
export const MARKER = 'PADDOCK-UBOOT-SCRIPT';

export interface UbootParams {
  /** The kernel Image and initramfs, as paths on the partition or the TFTP server. */
  kernel: string;
  initrd: string;
  /** The kernel command line; its last console= is where the node image reports. */
  cmdline: string;
}

export class ParamError extends Error {}

const DEFAULTS: UbootParams = { kernel: 'vmlinuz', initrd: 'initrd.img', cmdline: 'console=ttyAMA0' };
/** U-Boot expands $ and reads quotes and ; itself: none of them in a path or the command line. */
const SAFE_PATH = /^[\w./-]{1,200}$/;
const SAFE_LINE = /^[^"$;\\\r\n\0]{0,2048}$/;

export function ubootParams(raw: Record<string, unknown> = {}): UbootParams {
  for (const k of Object.keys(raw)) if (!(k in DEFAULTS)) throw new ParamError(`unknown parameter ${k} for ${RECIPE}`);
  const p = { ...DEFAULTS, ...raw } as UbootParams;
  for (const k of ['kernel', 'initrd'] as const)
    if (typeof p[k] !== 'string' || !SAFE_PATH.test(p[k]) || p[k].includes('..'))
      throw new ParamError(`${k} must be a plain path (letters, digits, . _ - /)`);
  if (typeof p.cmdline !== 'string' || !SAFE_LINE.test(p.cmdline))
    throw new ParamError('cmdline must be one line without ", $, ; or \\');
  return p;
}

/** The script's source (boot.cmd). */
export const bootCmd = (
  p: UbootParams,
) => `# Paddock: boots a Linux Image and initramfs (built by the ${RECIPE} recipe).
echo ${MARKER}
if test -n "\${devtype}"; then
  load \${devtype} \${devnum}:\${distro_bootpart} \${kernel_addr_r} ${p.kernel}
  load \${devtype} \${devnum}:\${distro_bootpart} \${ramdisk_addr_r} ${p.initrd}
else
  tftpboot \${kernel_addr_r} ${p.kernel}
  tftpboot \${ramdisk_addr_r} ${p.initrd}
fi
setenv bootargs "${p.cmdline}"
booti \${kernel_addr_r} \${ramdisk_addr_r}:\${filesize} \${fdtcontroladdr}
`;
