/**
 * The "newc" cpio format the kernel unpacks an initramfs from
 * (Documentation/driver-api/early-userspace/buffer-format.rst), pure: entries in, bytes out.
 * Used by the node image recipe, `paddock demo` and the boot tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface CpioEntry {
  path: string;
  /** Directories have no data; a symlink's data is its target. */
  type: 'file' | 'dir' | 'symlink';
  mode?: number;
  data?: Uint8Array | string;
}

const TYPE_BITS = { file: 0o100000, dir: 0o040000, symlink: 0o120000 };
const hex8 = (n: number) => n.toString(16).padStart(8, '0');
/** Header plus name, and the data, are each padded to a multiple of 4 bytes. */
const pad4 = (n: number) => (4 - (n % 4)) % 4;

export function cpioNewc(entries: readonly CpioEntry[]): Uint8Array {
  const parts: Buffer[] = [];
  let ino = 1;
  const push = (name: string, mode: number, data: Buffer) => {
    const nameBytes = Buffer.from(`${name}\0`);
    // ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check
    const fields = [ino++, mode, 0, 0, 1, 0, data.length, 0, 0, 0, 0, nameBytes.length, 0];
    const header = Buffer.from(`070701${fields.map(hex8).join('')}`);
    parts.push(header, nameBytes, Buffer.alloc(pad4(header.length + nameBytes.length)));
    parts.push(data, Buffer.alloc(pad4(data.length)));
  };
  for (const e of entries) {
    const data = e.type === 'dir' ? Buffer.alloc(0) : Buffer.from(e.data ?? '');
    const perm = e.mode ?? (e.type === 'dir' ? 0o755 : e.type === 'symlink' ? 0o777 : 0o644);
    push(e.path.replace(/^\/+/, ''), TYPE_BITS[e.type] | perm, data);
  }
  push('TRAILER!!!', 0, Buffer.alloc(0));
  return Buffer.concat(parts);
}

/** A gzip-compressed newc archive, as the kernel takes it for an initrd. */
export const gzipInitramfs = (entries: readonly CpioEntry[]) => gzipSync(cpioNewc(entries), { level: 1 });

/** Debian's kernel has its NIC drivers as modules: virtio-net and what it needs, in insmod order. */
const VIRTIO_NET = [
  'drivers/virtio/virtio_ring.ko',
  'drivers/virtio/virtio.ko',
  'drivers/virtio/virtio_pci_modern_dev.ko',
  'drivers/virtio/virtio_pci_legacy_dev.ko',
  'drivers/virtio/virtio_pci.ko',
  'net/core/failover.ko',
  'drivers/net/net_failover.ko',
  'drivers/net/virtio_net.ko',
];
const moduleName = (m: string) => m.split('/').pop()!;

/** The /init lines that load the virtio-net modules `virtioNetModules` puts in /lib/modules. */
export const VIRTIO_NET_INSMOD = VIRTIO_NET.map((m) => `insmod /lib/modules/${moduleName(m)}`).join('\n');

/** The virtio-net modules as initramfs entries, read from `kernelTree` (lib/modules/<version>/kernel). */
export function virtioNetModules(kernelTree: string): CpioEntry[] {
  return VIRTIO_NET.map((m) => ({
    path: `lib/modules/${moduleName(m)}`,
    type: 'file' as const,
    data: readFileSync(join(kernelTree, m)),
  }));
}
