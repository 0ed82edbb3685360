/**
 * The node image recipe as data: which Debian packages it is made of, which programs and NIC
 * drivers it takes from them, and its parameters (checked here, before anything is fetched).
 */
export const RECIPE = 'node-image';
/** Bumped when the recipe's code changes what it builds, so old cache entries stop matching. */
export const RECIPE_VERSION = 9;

/**
 * What differs between the architectures: Debian's name, the kernel metapackage, where
 * libraries live and where the program loader must be, the serial console the init reports
 * to, and the NIC drivers of that architecture's boards (on top of NIC_MODULES).
 */
export const ARCHES = {
  x86_64: {
    debArch: 'amd64',
    kernelMeta: 'linux-image-amd64',
    libDir: 'lib/x86_64-linux-gnu',
    loader: 'lib64/ld-linux-x86-64.so.2',
    console: 'ttyS0',
    nics: [] as string[],
  },
  arm64: {
    debArch: 'arm64',
    kernelMeta: 'linux-image-arm64',
    libDir: 'lib/aarch64-linux-gnu',
    loader: 'lib/ld-linux-aarch64.so.1',
    // The console the kernel was given (ttyAMA0 on QEMU virt and Pi 4, ttyS1 on Pi 3).
    console: 'console',
    // Raspberry Pi 4 (genet, the bcmgenet driver), Pi 3 and 3B+ (USB NICs behind dwc2), Marvell and Amlogic boards.
    nics: ['genet', 'smsc95xx', 'lan78xx', 'dwc2', 'mvpp2', 'dwmac_meson8b'],
  },
} as const;
export type Arch = keyof typeof ARCHES;

/** The x86_64 kernel metapackage (the default image's). */
export const KERNEL_META = ARCHES.x86_64.kernelMeta;
/** Packages whose programs go into the image; their shared libraries come along. */
export const PROGRAM_PACKAGES = [
  'busybox-static',
  'openssh-server',
  'openssh-client',
  'wireguard-go',
  'wireguard-tools',
  'iproute2',
  'curl',
  'openssl',
];

/** Program files: path in its package → path in the image. */
export const PROGRAMS: Record<string, [pkg: string, from: string, to: string]> = {
  busybox: ['busybox-static', 'bin/busybox', 'bin/busybox'],
  // OpenSSH, not dropbear: the host certificate and the user CA of the keys service are what
  // the deployers trust and log in with, and dropbear serves neither.
  sshd: ['openssh-server', 'usr/sbin/sshd', 'usr/sbin/sshd'],
  'ssh-keygen': ['openssh-client', 'usr/bin/ssh-keygen', 'usr/bin/ssh-keygen'],
  'wireguard-go': ['wireguard-go', 'usr/bin/wireguard-go', 'usr/bin/wireguard-go'],
  wg: ['wireguard-tools', 'usr/bin/wg', 'usr/bin/wg'],
  // Busybox's shell runs its own `ip` applet for a bare `ip`: iproute2's is /usr/bin/ip.
  ip: ['iproute2', 'bin/ip', 'usr/bin/ip'],
  curl: ['curl', 'usr/bin/curl', 'usr/bin/curl'],
  openssl: ['openssl', 'usr/bin/openssl', 'usr/bin/openssl'],
  'openssl.cnf': ['openssl', 'etc/ssl/openssl.cnf', 'etc/ssl/openssl.cnf'],
};

/**
 * The `cluster` profile: what the deployers run on a host, from Debian like the rest: etcd and
 * etcdctl (`deploy etcd`), iproute2's `bridge` and the tun, VXLAN and bridge drivers (the overlay
 * agent, whose Node.js runtime the deployment pushes), and Python 3 with its standard library
 * (the k3s stand-in the demo installs as k3s). About 60 MB more to unpack, so only on request.
 */
export const CLUSTER_PACKAGES = [
  'etcd-server',
  'etcd-client',
  'python3.11-minimal',
  'libpython3.11-stdlib',
  'libstdc++6',
  'libgcc-s1',
];
export const CLUSTER_PROGRAMS: Record<string, [pkg: string, from: string, to: string]> = {
  etcd: ['etcd-server', 'usr/bin/etcd', 'usr/bin/etcd'],
  etcdctl: ['etcd-client', 'usr/bin/etcdctl', 'usr/bin/etcdctl'],
  bridge: ['iproute2', 'sbin/bridge', 'usr/sbin/bridge'],
  python3: ['python3.11-minimal', 'usr/bin/python3.11', 'usr/bin/python3'],
  // Where Debian's openssl looks for its configuration (OPENSSLDIR): `openssl req` needs it.
  'openssldir.cnf': ['openssl', 'etc/ssl/openssl.cnf', 'usr/lib/ssl/openssl.cnf'],
};
/** Whole folders: Python's standard library (its pure modules and lib-dynload's extensions). */
export const CLUSTER_TREES: [pkg: string, dir: string][] = [
  ['libpython3.11-minimal', 'usr/lib/python3.11'],
  ['libpython3.11-stdlib', 'usr/lib/python3.11'],
];
export const CLUSTER_MODULES = ['tun', 'vxlan', 'bridge'];
/** Libraries no program of the image loads, which the pushed Node.js runtime does (`ldd node`). */
export const CLUSTER_LIBRARIES = ['libstdc++.so.6', 'libgcc_s.so.1', 'libdl.so.2', 'libpthread.so.0'];
export const PROFILES = ['base', 'cluster'] as const;
export type Profile = (typeof PROFILES)[number];

/** Drivers for the NICs common in servers (Intel, Mellanox, Broadcom, Realtek) and VMs. */
export const NIC_MODULES = [
  'e1000',
  'e1000e',
  'igb',
  'ixgbe',
  'i40e',
  'ice',
  'mlx5_core',
  'bnxt_en',
  'tg3',
  'r8169',
  'virtio_net',
  'virtio_pci',
];

/** Disk controllers, so the hardware report sees the disks (SATA/SAS, NVMe, virtio). */
export const DISK_MODULES = ['ahci', 'sd_mod', 'nvme', 'virtio_blk', 'virtio_scsi'];

export interface NodeImageParams {
  arch: Arch;
  /** OpenSSH public keys allowed to log in as root. */
  authorizedKeys: string[];
  /** Kernel modules to add to the NIC drivers (with their dependencies). */
  extraModules: string[];
  /**
   * How the initramfs is compressed: lz4 (the default: the kernel unpacks it about as fast as an
   * uncompressed archive, which matters under emulation; see README) or zstd (smaller, slower to
   * unpack). A zstdLevel given without a compression asks for zstd.
   */
  compression: Compression;
  /** zstd level of the initramfs (1 = fastest build, 19 = smallest), with compression zstd. */
  zstdLevel: number;
  /** The enrolment agent, installed as /etc/paddock/enrol (run after DHCP, before sshd), or ''. */
  enrolScript: string;
  /** `cluster` adds what the deployers run on a host (CLUSTER_PACKAGES). */
  profile: Profile;
}

export const DEFAULT_PARAMS: NodeImageParams = {
  arch: 'x86_64',
  authorizedKeys: [],
  extraModules: [],
  compression: 'lz4',
  zstdLevel: 9,
  enrolScript: '',
  profile: 'base',
};

export const COMPRESSIONS = ['lz4', 'zstd'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

export class ParamError extends Error {}

/** The parameters with defaults filled in, or a ParamError naming the first bad one. */
export function nodeImageParams(raw: Record<string, unknown> = {}): NodeImageParams {
  for (const k of Object.keys(raw))
    if (!(k in DEFAULT_PARAMS)) throw new ParamError(`unknown parameter ${k} for ${RECIPE}`);
  const p = {
    ...DEFAULT_PARAMS,
    ...(raw['zstdLevel'] !== undefined && raw['compression'] === undefined && { compression: 'zstd' }),
    ...raw,
  } as NodeImageParams;
  if (typeof p.arch !== 'string' || !Object.hasOwn(ARCHES, p.arch))
    throw new ParamError(`arch ${String(p.arch)} is not one of ${Object.keys(ARCHES).join(', ')}`);
  const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
  if (
    !strings(p.authorizedKeys) ||
    p.authorizedKeys.some((k) => !/^(ssh|ecdsa|sk)-[\w@.-]+ [A-Za-z0-9+/=]+( .*)?$/.test(k))
  )
    throw new ParamError('authorizedKeys must be OpenSSH public key lines');
  if (!strings(p.extraModules) || p.extraModules.some((m) => !/^[\w-]+$/.test(m)))
    throw new ParamError('extraModules must be kernel module names');
  if (!Number.isInteger(p.zstdLevel) || p.zstdLevel < 1 || p.zstdLevel > 19)
    throw new ParamError('zstdLevel must be an integer from 1 to 19');
  if (!COMPRESSIONS.includes(p.compression))
    throw new ParamError(`compression must be one of ${COMPRESSIONS.join(', ')}`);
  if (p.compression !== 'zstd' && raw['zstdLevel'] !== undefined)
    throw new ParamError(`zstdLevel applies to compression zstd, not ${p.compression}`);
  if (typeof p.enrolScript !== 'string' || (p.enrolScript !== '' && !p.enrolScript.startsWith('#!')))
    throw new ParamError('enrolScript must be empty or a script starting with #!');
  if (!PROFILES.includes(p.profile)) throw new ParamError(`profile must be one of ${PROFILES.join(', ')}`);
  return p;
}
