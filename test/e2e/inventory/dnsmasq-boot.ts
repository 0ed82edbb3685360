/**
 * The reference run for the golden path's ratio: dnsmasq serves DHCP and TFTP (kernel and
 * initramfs over TFTP, as dnsmasq setups do) to the same machine (same MAC, same QEMU
 * settings, same kernel and initramfs), and busybox httpd answers its phone-home (a POST with
 * the hardware report, so through a CGI script: busybox httpd refuses POSTs to plain files). Runs in the
 * golden lab's server host after `paddock up` has stopped.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Host, LabProcess } from '@paddock/lab';
import { initramfs, kernel } from '../../../services/cli/src/demo/machine-image.ts';
import { dnsmasqDhcpArgs } from '../dnsmasq-args.ts';

export async function startDnsmasq(server: Host, net: string, dir: string): Promise<LabProcess[]> {
  const root = join(dir, 'tftp');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(root, 'www', 'cgi-bin'), { recursive: true });
  writeFileSync(join(root, 'vmlinuz'), kernel());
  writeFileSync(join(root, 'initrd.img'), initramfs());
  const cgi = join(root, 'www', 'cgi-bin', 'phone');
  writeFileSync(cgi, '#!/bin/sh\ncat >/dev/null\nprintf "Content-Type: text/plain\\r\\n\\r\\nok\\n"\n');
  chmodSync(cgi, 0o755);
  writeFileSync(
    join(root, 'boot.ipxe'),
    `#!ipxe
kernel tftp://${net}.1/vmlinuz initrd=initrd.img console=ttyS0 quiet panic=-1 paddock.phone=http://${net}.1:8099/cgi-bin/phone?via=dnsmasq
initrd --name initrd.img tftp://${net}.1/initrd.img
boot
`,
  );
  // Paddock's run answered iPXE's router solicitations (--router-advert); dnsmasq's RA does the
  // same here, so neither run waits iPXE's ~16 s for an IPv6 router (shared/notes/pxe-lab.md).
  const prefix = `fd00:${net.split('.')[1]}::`;
  await server.execOk(['ip', '-6', 'addr', 'add', `${prefix}1/64`, 'dev', 'eth0']);
  // biome-ignore format: one dnsmasq option per line
  const dnsmasq = server.spawn([
    ...dnsmasqDhcpArgs(net, dir),
    '--dhcp-userclass=set:ipxe,iPXE',
    '--dhcp-boot=tag:ipxe,boot.ipxe',
    '--enable-tftp',
    `--tftp-root=${root}`,
    '--enable-ra',
    `--dhcp-range=${prefix},ra-only`,
  ]);
  const httpd = server.spawn(['busybox', 'httpd', '-f', '-p', `${net}.1:8099`, '-h', join(root, 'www')]);
  await dnsmasq.waitForOutput(/started, version/, 10_000);
  return [dnsmasq, httpd];
}
