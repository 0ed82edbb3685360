/** QEMU on the boot lab's TAP: SeaBIOS with iPXE's ROM, or OVMF with its own network boot. */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BootLab } from './boot-lab.ts';

export interface QemuRun {
  code: number;
  serial: string;
  ms: number;
}

/** Boots a VM on the lab's TAP (BIOS with iPXE's ROM, or OVMF) and waits for it to power off. */
export async function runQemu(
  bl: BootLab,
  opts: {
    uefi: boolean;
    mac: string;
    timeoutMs: number;
    /** OVMF's network boot paths: 'http' only UEFI HTTP boot, 'pxe4' no IPv6 PXE (default all). */
    uefiBoot?: 'http' | 'pxe4';
  },
): Promise<QemuRun> {
  const serial = join(bl.dir, `serial-${opts.mac.replaceAll(':', '')}.log`);
  const firmware: string[] = [];
  if (opts.uefi) {
    const vars = join(bl.dir, 'OVMF_VARS.fd');
    copyFileSync('/usr/share/OVMF/OVMF_VARS_4M.fd', vars);
    firmware.push(
      '-machine',
      'q35',
      '-drive',
      'if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd',
      '-drive',
      `if=pflash,format=raw,file=${vars}`,
    );
    // OvmfPkg/RUNTIME_CONFIG.md: PXE over IPv4 and IPv6 can be switched off, HTTP boot cannot.
    if (opts.uefiBoot === 'http') firmware.push('-fw_cfg', 'opt/org.tianocore/IPv4PXESupport,string=n');
    if (opts.uefiBoot) firmware.push('-fw_cfg', 'opt/org.tianocore/IPv6PXESupport,string=n');
  }
  // romfile= (empty) under OVMF: the firmware's own PXE client, not iPXE's ROM.
  const nic = `virtio-net-pci,netdev=n0,mac=${opts.mac}${opts.uefi ? ',romfile=' : ''}`;
  const started = Date.now();
  const qemu = bl.tap.host.spawn([
    'qemu-system-x86_64',
    '-accel',
    'tcg',
    '-m',
    '512',
    '-smp',
    '2',
    '-nographic',
    '-vga',
    'none',
    '-monitor',
    'none',
    '-serial',
    `file:${serial}`,
    '-no-reboot',
    '-boot',
    'n',
    ...firmware,
    '-netdev',
    `tap,id=n0,ifname=${bl.tap.name},script=no,downscript=no`,
    '-device',
    nic,
  ]);
  const timer = setTimeout(() => void qemu.kill('SIGKILL'), opts.timeoutMs);
  const code = await qemu.exited;
  clearTimeout(timer);
  let text = '';
  try {
    text = readFileSync(serial, 'utf8');
  } catch {
    // QEMU never started writing
  }
  return { code, serial: text + qemu.output(), ms: Date.now() - started };
}
