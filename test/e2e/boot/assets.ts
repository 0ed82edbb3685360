/**
 * What the boot e2e tests boot: Debian's cloud kernel, its virtio modules and busybox-static,
 * fetched by scripts/boot-assets.sh into the git-ignored .cache/boot (setup.sh runs it too).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CpioEntry, gzipInitramfs, VIRTIO_NET_INSMOD, virtioNetModules } from '@paddock/builders';
import { REPO_ROOT } from '../paddock-process.ts';

export const CACHE = join(REPO_ROOT, '.cache', 'boot');
export const MARKER = 'PADDOCK-E2E-BOOTED';
export const PHONED = 'PADDOCK-E2E-PHONED-HOME';

/** Why boot e2e cannot run here, or undefined. */
export function bootAssetsMissing(): string | undefined {
  for (const f of [
    '/usr/bin/qemu-system-x86_64',
    '/usr/share/OVMF/OVMF_CODE_4M.fd',
    '/usr/lib/ipxe/ipxe.efi',
    '/usr/sbin/dnsmasq',
  ]) {
    if (!existsSync(f)) return `${f} is missing (run scripts/setup.sh as root)`;
  }
  if (!existsSync(join(CACHE, 'vmlinuz'))) {
    try {
      execFileSync('bash', [join(REPO_ROOT, 'scripts', 'boot-assets.sh')], { stdio: 'pipe' });
    } catch (err) {
      return `cannot fetch the kernel and busybox: ${(err as Error).message.split('\n')[0]}`;
    }
  }
  return undefined;
}

const INIT = `#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo ${MARKER} > /dev/ttyS0
${VIRTIO_NET_INSMOD}
ip link set eth0 up
udhcpc -i eth0 -q -f -n -t 10 -T 1 -s /bin/dhcp-script > /dev/ttyS0 2>&1
phone=$(sed -n 's/.*paddock\\.phone=\\([^ ]*\\).*/\\1/p' /proc/cmdline)
if wget -q -O /tmp/reply "$phone&status=up" && grep -q ok /tmp/reply; then echo ${PHONED} > /dev/ttyS0; fi
poweroff -f
`;

const DHCP_SCRIPT = `#!/bin/sh
[ "$1" = bound ] && ifconfig "$interface" "$ip" netmask "$subnet" up
exit 0
`;

/** The initramfs: /init prints the marker, brings virtio up, gets an address, phones home, powers off. */
export function buildInitramfs(): Uint8Array {
  const modules = join(CACHE, 'modules', 'kernel');
  const entries: CpioEntry[] = [
    ...['bin', 'proc', 'sys', 'dev', 'tmp', 'lib', 'lib/modules'].map((path) => ({ path, type: 'dir' as const })),
    { path: 'bin/busybox', type: 'file', mode: 0o755, data: readFileSync(join(CACHE, 'root', 'bin', 'busybox')) },
    { path: 'bin/sh', type: 'symlink', data: 'busybox' },
    { path: 'bin/dhcp-script', type: 'file', mode: 0o755, data: DHCP_SCRIPT },
    { path: 'init', type: 'file', mode: 0o755, data: INIT },
    ...virtioNetModules(modules),
  ];
  return gzipInitramfs(entries);
}

export const kernelPath = () => join(CACHE, 'vmlinuz');
