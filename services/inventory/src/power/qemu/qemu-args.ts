import { join } from 'node:path';
import type { QemuOptions } from './qemu-options.ts';

/** Where one machine's files live: its QMP socket, pid file, serial log and UEFI variables. */
export function vmPaths(dir: string) {
  return {
    dir,
    qmp: join(dir, 'qmp.sock'),
    pid: join(dir, 'qemu.pid'),
    serial: join(dir, 'serial.log'),
    vars: join(dir, 'OVMF_VARS.fd'),
    disk: join(dir, 'disk.raw'),
  };
}

export interface VmSpec {
  name: string;
  dir: string;
  mac: string;
  tap: string;
  options: QemuOptions;
  ovmfCode: string;
}

/**
 * The command line of a machine that network-boots from its one NIC (with a blank disk when
 * asked for one), pure. Notes
 * from pxe-lab.md: TCG (KVM does not work here), BIOS with the NIC's iPXE ROM, or OVMF on q35
 * with a per-machine copy of its variable store.
 */
export function qemuArgs(spec: VmSpec): string[] {
  const p = vmPaths(spec.dir);
  const o = spec.options;
  // biome-ignore format: flag and value pairs read best side by side
  const firmware =
    o.firmware === 'uefi'
      ? [
          '-machine', 'q35',
          '-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${spec.ovmfCode}`,
          '-drive', `if=pflash,format=raw,unit=1,file=${p.vars}`,
        ]
      : ['-machine', 'pc', '-boot', 'order=n'];
  // biome-ignore format: flag and value pairs read best side by side
  return [
    // The process name lets `ps` tell Paddock's machines apart from others.
    '-name', `guest=${spec.name},process=paddock-vm`,
    '-accel', o.accel,
    // QEMU's default CPU with RDRAND, as every server CPU of the last decade has it: without it
    // the guest kernel's random pool waits seconds for a seed under emulation, and with it
    // everything that asks for random bytes at boot (ssh-keygen, TLS, openssl).
    '-cpu', 'qemu64,+rdrand',
    ...firmware,
    '-m', String(o.memoryMb),
    '-smp', String(o.cpus),
    '-nodefaults',
    '-display', 'none',
    '-vga', 'none',
    '-serial', `file:${p.serial}`,
    '-qmp', `unix:${p.qmp},server=on,wait=off`,
    '-pidfile', p.pid,
    '-daemonize',
    '-netdev', `tap,id=n0,ifname=${spec.tap},script=no,downscript=no`,
    '-device', `${o.nic},netdev=n0,mac=${spec.mac}`,
    // The serial lets a hardware report be matched to this disk.
    ...(o.diskMb > 0
      ? [
          '-drive', `file=${p.disk},if=none,id=d0,format=raw`,
          '-device', `virtio-blk-pci,drive=d0,serial=${diskSerial(spec.name)}`,
        ]
      : []),
  ];
}

/** The serial a machine's disk reports: virtio-blk keeps 20 bytes of it, so it is cut here, not by QEMU. */
export function diskSerial(name: string): string {
  return `paddock-${name}`.slice(0, 20);
}

/** The TAP device's name: short enough for IFNAMSIZ (15), unique per node id. */
export function tapName(nodeId: string): string {
  return `pdv${nodeId.replaceAll('-', '').slice(0, 12)}`;
}
