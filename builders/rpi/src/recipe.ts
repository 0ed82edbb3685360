/**
 * The Raspberry Pi network boot recipe: what the Pi bootloader fetches over TFTP to start the
 * arm64 node image, with no SD card. The firmware (bootcode.bin for the Pi 3's boot ROM,
 * start*.elf and fixup*.dat) is Debian's raspi-firmware, the device trees come from Debian's
 * arm64 kernel package (mainline names, hence upstream_kernel=1), and the firmware loads the
 * kernel and initramfs itself as config.txt says: no U-Boot in between.
 */
export const RECIPE = 'rpi-netboot';
export const RECIPE_VERSION = 1;

/** Debian's raspi-firmware (non-free-firmware) and the arm64 kernel, for its device trees. */
export const FIRMWARE_PACKAGE = 'raspi-firmware';
export const KERNEL_META = 'linux-image-arm64';

/** Firmware files: bootcode.bin, start.elf and fixup.dat for the Pi 3; start4.elf and fixup4.dat for the Pi 4. */
export const FIRMWARE = ['bootcode.bin', 'start.elf', 'fixup.dat', 'start4.elf', 'fixup4.dat'];

/** Boards with network boot: Pi 3 A+/B/B+, CM3, Zero 2 W, Pi 4 B, Pi 400, CM4. */
export const DTBS = [
  'bcm2837-rpi-3-a-plus.dtb',
  'bcm2837-rpi-3-b.dtb',
  'bcm2837-rpi-3-b-plus.dtb',
  'bcm2837-rpi-cm3-io3.dtb',
  'bcm2837-rpi-zero-2-w.dtb',
  'bcm2711-rpi-4-b.dtb',
  'bcm2711-rpi-400.dtb',
  'bcm2711-rpi-cm4-io.dtb',
];

export interface RpiParams {
  /** Kernel arguments after the console ones (paddock.phone=… say). */
  cmdline: string;
}

export class ParamError extends Error {}

export function rpiParams(raw: Record<string, unknown> = {}): RpiParams {
  for (const k of Object.keys(raw)) if (k !== 'cmdline') throw new ParamError(`unknown parameter ${k} for ${RECIPE}`);
  const cmdline = raw['cmdline'] ?? '';
  // The firmware reads cmdline.txt's first line only: a line break would drop the rest.
  if (typeof cmdline !== 'string' || /[\r\n\0]/.test(cmdline) || cmdline.length > 2048)
    throw new ParamError('cmdline must be one line of at most 2048 characters');
  return { cmdline: cmdline.trim() };
}

/** config.txt, read by start*.elf. */
export const configTxt = () => `# Paddock: the arm64 node image over the network, loaded by the Pi firmware.
arm_64bit=1
# Debian's mainline kernel and its device trees (bcm2711-rpi-4-b.dtb, not the vendor names).
upstream_kernel=1
# The serial console on GPIO 14/15 (the mini UART, ttyS1 to the kernel; Bluetooth keeps the PL011).
enable_uart=1
kernel=vmlinuz
initramfs initrd.img followkernel
`;

/**
 * cmdline.txt: the last console= is /dev/console, where the node image's init reports, so the
 * serial line comes last.
 */
export const cmdlineTxt = (p: RpiParams) =>
  `${['console=tty0', 'console=ttyS1,115200', p.cmdline].filter(Boolean).join(' ')}\n`;
