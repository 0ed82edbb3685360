/**
 * The recipes the build service runs, as data: what each takes and makes, how its parameters
 * are checked (in the server, before a job is queued, and again in the sandboxed child), and
 * how it builds. Each recipe's own package does the work; this only names them.
 */
import type { CachedFile } from '@paddock/builders';
import { buildGrubEfi, grubParams } from '@paddock/grub-efi';
import { buildImg, imgParams } from '@paddock/img-media';
import { buildIpxeMedia, ipxeParams } from '@paddock/ipxe-media';
import { buildIso, isoParams } from '@paddock/iso-media';
import { buildNodeImage, nodeImageParams } from '@paddock/node-image';
import { buildRpi, rpiParams } from '@paddock/rpi-netboot';
import { buildBootScr, ubootParams } from '@paddock/uboot-script';

export interface RecipeRun {
  inputsDir: string;
  cacheDir: string;
  params: Record<string, unknown>;
  noCache: boolean;
  log: (line: string) => void;
  progress: (step: string, percent: number, bytes?: number) => void;
}

export interface RecipeResult {
  key: string;
  hit: boolean;
  files: CachedFile[];
}

export interface Recipe {
  name: string;
  description: string;
  outputs: string[];
  params: { name: string; description: string; default: unknown }[];
  /** Throws an Error naming the first bad parameter. */
  check(params: Record<string, unknown>): void;
  build(run: RecipeRun): RecipeResult;
}

const nodeImage: Recipe = {
  name: 'node-image',
  description: "the image every node boots: Debian's generic kernel, NIC drivers, busybox, OpenSSH's sshd, WireGuard",
  outputs: ['vmlinuz', 'initrd.img'],
  params: [
    { name: 'arch', description: 'x86_64 or arm64 (Debian arm64 packages, fetched on any host)', default: 'x86_64' },
    { name: 'authorizedKeys', description: 'OpenSSH public keys allowed to log in as root', default: [] },
    { name: 'extraModules', description: 'kernel modules to add to the NIC drivers', default: [] },
    { name: 'compression', description: 'lz4 (fastest for the kernel to unpack) or zstd (smaller)', default: 'lz4' },
    {
      name: 'zstdLevel',
      description: 'zstd level of the initramfs (1 fastest, 19 smallest); alone, asks for zstd',
      default: 9,
    },
    { name: 'enrolScript', description: 'the enrolment agent (#! script), run after DHCP', default: '' },
  ],
  check: (p) => void nodeImageParams(p),
  build: (r) => buildNodeImage({ ...r }),
};

const ipxe: Recipe = {
  name: 'ipxe-script',
  description: "Debian's prebuilt iPXE (BIOS ipxe.lkrn, UEFI ipxe.efi) with a script that runs instead of DHCP boot",
  outputs: ['ipxe.lkrn', 'ipxe.efi', 'script.ipxe'],
  params: [{ name: 'script', description: 'the iPXE script, starting with #!ipxe', default: undefined }],
  check: (p) => void ipxeParams(p),
  build: (r) => {
    r.progress('assemble', 10);
    return buildIpxeMedia(r);
  },
};

const grub: Recipe = {
  name: 'grub-efi',
  description: 'a standalone GRUB EFI binary (x86_64 BOOTX64.EFI or arm64 BOOTAA64.EFI) with an embedded grub.cfg',
  outputs: ['BOOTX64.EFI', 'BOOTAA64.EFI'],
  params: [
    { name: 'config', description: 'the embedded grub.cfg', default: undefined },
    { name: 'arch', description: 'x86_64 or arm64', default: 'x86_64' },
  ],
  check: (p) => void grubParams(p),
  build: (r) => {
    r.progress('mkimage', 10);
    return buildGrubEfi(r);
  },
};

/**
 * For media that carry the node image: builds it first with its default parameters (a cache hit
 * once built), then the medium from its kernel and initramfs.
 */
function carryingNodeImage(
  r: RecipeRun,
  step: string,
  build: (o: RecipeRun & { kernel: string; initrd: string }) => RecipeResult,
): RecipeResult {
  r.progress('node-image', 5);
  const image = buildNodeImage({ inputsDir: r.inputsDir, cacheDir: r.cacheDir, params: {}, log: r.log });
  const file = (name: string) => image.files.find((f) => f.name === name)!.path;
  r.progress(step, 60);
  return build({ ...r, kernel: file('vmlinuz'), initrd: file('initrd.img') });
}

const iso: Recipe = {
  name: 'iso',
  description: 'a hybrid BIOS and UEFI ISO (CD, USB stick or disk) that boots the node image',
  outputs: ['image.iso'],
  params: [
    { name: 'cmdline', description: 'the kernel command line', default: '' },
    { name: 'label', description: 'the volume label', default: 'PADDOCK' },
  ],
  check: (p) => void isoParams(p),
  build: (r) => carryingNodeImage(r, 'xorriso', buildIso),
};

const img: Recipe = {
  name: 'img',
  description: 'a raw GPT disk image (one EFI system partition) that boots the node image on BIOS and UEFI',
  outputs: ['disk.img'],
  params: [
    { name: 'cmdline', description: 'the kernel command line', default: '' },
    { name: 'label', description: 'the FAT volume label', default: 'PADDOCK' },
  ],
  check: (p) => void imgParams(p),
  build: (r) => carryingNodeImage(r, 'disk', buildImg),
};

const rpi: Recipe = {
  name: 'rpi-netboot',
  description:
    "Raspberry Pi 3/4 network boot files (Debian's raspi-firmware, config.txt, cmdline.txt) for the arm64 node image",
  outputs: ['config.txt', 'cmdline.txt', 'start4.elf', 'bootcode.bin', 'vmlinuz', 'initrd.img', '…'],
  params: [{ name: 'cmdline', description: 'kernel arguments after the serial console', default: '' }],
  check: (p) => void rpiParams(p),
  build: (r) => {
    r.progress('node-image', 5);
    const image = buildNodeImage({
      inputsDir: r.inputsDir,
      cacheDir: r.cacheDir,
      params: { arch: 'arm64' },
      log: r.log,
    });
    const file = (name: string) => image.files.find((f) => f.name === name)!.path;
    r.progress('firmware', 60);
    return buildRpi({ ...r, kernel: file('vmlinuz'), initrd: file('initrd.img') });
  },
};

const uboot: Recipe = {
  name: 'uboot-script',
  description: "a U-Boot boot.scr (Debian's mkimage) that boots the arm64 node image from a disk or by TFTP",
  outputs: ['boot.scr', 'boot.cmd'],
  params: [
    { name: 'kernel', description: 'the kernel Image, a path on the partition or TFTP server', default: 'vmlinuz' },
    { name: 'initrd', description: 'the initramfs, a path on the partition or TFTP server', default: 'initrd.img' },
    { name: 'cmdline', description: 'the kernel command line', default: 'console=ttyAMA0' },
  ],
  check: (p) => void ubootParams(p),
  build: (r) => {
    r.progress('mkimage', 10);
    return buildBootScr(r);
  },
};

export const RECIPES: ReadonlyMap<string, Recipe> = new Map(
  [nodeImage, ipxe, grub, iso, img, rpi, uboot].map((r) => [r.name, r]),
);
