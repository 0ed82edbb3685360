/**
 * The reference run for the golden path's ratio: dnsmasq serves DHCP and TFTP (kernel and
 * initramfs over TFTP, as dnsmasq setups do) to the same machine (same MAC, same QEMU
 * settings, same kernel and initramfs), and busybox httpd answers its phone-home. Runs in the
 * golden lab's server host after `paddock up` has stopped.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Host, LabProcess } from '@paddock/test/lab';
import { initramfs, kernel } from '../../../services/cli/src/demo/machine-image.ts';

export async function startDnsmasq(server: Host, net: string, dir: string): Promise<LabProcess[]> {
  const root = join(dir, 'tftp');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(root, 'www'), { recursive: true });
  writeFileSync(join(root, 'vmlinuz'), kernel());
  writeFileSync(join(root, 'initrd.img'), initramfs());
  writeFileSync(join(root, 'www', 'phone'), 'ok\n');
  writeFileSync(
    join(root, 'boot.ipxe'),
    `#!ipxe
kernel tftp://${net}.1/vmlinuz initrd=initrd.img console=ttyS0 quiet panic=-1 paddock.phone=http://${net}.1:8099/phone?via=dnsmasq
initrd --name initrd.img tftp://${net}.1/initrd.img
boot
`,
  );
  // biome-ignore format: one dnsmasq option per line
  const dnsmasq = server.spawn([
    'dnsmasq',
    '--no-daemon',
    '--conf-file=/dev/null',
    '--port=0',
    '--user=root',
    '--interface=eth0',
    '--bind-interfaces',
    `--dhcp-range=${net}.100,${net}.150,255.255.255.0,1h`,
    `--dhcp-leasefile=${join(dir, 'dnsmasq.leases')}`,
    '--dhcp-userclass=set:ipxe,iPXE',
    '--dhcp-boot=tag:ipxe,boot.ipxe',
    '--enable-tftp',
    `--tftp-root=${root}`,
    '--log-dhcp',
  ]);
  const httpd = server.spawn(['busybox', 'httpd', '-f', '-p', `${net}.1:8099`, '-h', join(root, 'www')]);
  await dnsmasq.waitForOutput(/started, version/, 10_000);
  return [dnsmasq, httpd];
}
