import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CpioEntry, gzipInitramfs, VIRTIO_NET_INSMOD, virtioNetModules } from '@paddock/builders';
import { PaddockError } from '@paddock/runtime';

/**
 * What the demo's machines (and the golden-path test's) boot: Debian's cloud kernel and a
 * busybox initramfs whose /init gets an address, phones home with its architecture, then stays
 * up running a tiny power agent (busybox httpd: POST /cgi-bin/poweroff or /cgi-bin/reboot),
 * the agent the metal provider talks to. Kernel, modules and busybox come from Debian packages
 * that scripts/boot-assets.sh fetches into .cache/boot.
 */
export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..', '..');
export const BOOT_CACHE = join(REPO_ROOT, '.cache', 'boot');
export const BOOTED_MARKER = 'PADDOCK-MACHINE-BOOTED';
export const PHONED_MARKER = 'PADDOCK-MACHINE-PHONED-HOME';
export const AGENT_PORT = 9100;

export const INIT = `#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo ${BOOTED_MARKER} > /dev/ttyS0
${VIRTIO_NET_INSMOD}
ip link set lo up
ip link set eth0 up
udhcpc -i eth0 -q -f -n -t 20 -T 1 -s /bin/dhcp-script > /dev/ttyS0 2>&1
phone=$(sed -n 's/.*paddock\\.phone=\\([^ ]*\\).*/\\1/p' /proc/cmdline)
for try in 1 2 3 4 5; do
  if wget -q -O /tmp/reply "$phone&status=ready%20arch=$(uname -m)"; then echo ${PHONED_MARKER} > /dev/ttyS0; break; fi
  sleep 1
done
httpd -p ${AGENT_PORT} -h /www
while true; do sleep 3600; done
`;

const DHCP_SCRIPT = `#!/bin/sh
[ "$1" = bound ] && ifconfig "$interface" "$ip" netmask "$subnet" up
exit 0
`;

const agent = (cmd: string) => `#!/bin/sh
printf 'Content-Type: text/plain\\r\\n\\r\\nok\\n'
(sleep 1; ${cmd} -f) > /dev/null 2>&1 &
`;

/** The iPXE script template (boot service syntax) that boots it, with the phone-home URL. */
export const LINUX_SCRIPT = `#!ipxe
kernel {{#file}}linux/vmlinuz{{/file}} initrd=initrd.img console=ttyS0 quiet panic=-1 paddock.phone={{phoneHomeUrl}}
initrd --name initrd.img {{#file}}linux/initrd.img{{/file}}
boot
`;

/** Fetches the kernel and busybox when missing (Debian packages, into .cache/boot). */
export function ensureBootAssets(): void {
  if (existsSync(join(BOOT_CACHE, 'vmlinuz')) && existsSync(join(BOOT_CACHE, 'root', 'bin', 'busybox'))) return;
  try {
    execFileSync('bash', [join(REPO_ROOT, 'scripts', 'boot-assets.sh')], { stdio: 'pipe' });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new PaddockError(
      'failedPrecondition',
      `cannot fetch the machine's kernel and busybox: ${stderr || (err as Error).message}`,
    );
  }
}

export function kernel(): Uint8Array {
  return readFileSync(join(BOOT_CACHE, 'vmlinuz'));
}

export function initramfs(): Uint8Array {
  const modules = join(BOOT_CACHE, 'modules', 'kernel');
  const entries: CpioEntry[] = [
    ...['bin', 'proc', 'sys', 'dev', 'tmp', 'lib', 'lib/modules', 'www', 'www/cgi-bin'].map((path) => ({
      path,
      type: 'dir' as const,
    })),
    { path: 'bin/busybox', type: 'file', mode: 0o755, data: readFileSync(join(BOOT_CACHE, 'root', 'bin', 'busybox')) },
    { path: 'bin/sh', type: 'symlink', data: 'busybox' },
    { path: 'bin/dhcp-script', type: 'file', mode: 0o755, data: DHCP_SCRIPT },
    { path: 'www/cgi-bin/poweroff', type: 'file', mode: 0o755, data: agent('poweroff') },
    { path: 'www/cgi-bin/reboot', type: 'file', mode: 0o755, data: agent('reboot') },
    { path: 'init', type: 'file', mode: 0o755, data: INIT },
    ...virtioNetModules(modules),
  ];
  return gzipInitramfs(entries);
}
