import { describe, expect, it } from 'vitest';
import { diskSerial, qemuArgs, tapName } from './qemu-args.ts';
import { parseQemuOptions } from './qemu-options.ts';

const defaults = { netns: 'lab._switch', bridge: 'br0', accel: 'tcg' as const };

describe('qemu command line', () => {
  const spec = (firmware: 'bios' | 'uefi') => ({
    name: 'vm1',
    dir: '/data/qemu/x',
    mac: '52:54:00:12:34:56',
    tap: tapName('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'),
    options: { ...parseQemuOptions({ firmware }, defaults) },
    ovmfCode: '/usr/share/OVMF/OVMF_CODE_4M.fd',
  });
  const value = (args: string[], flag: string) => args.filter((_, i) => args[i - 1] === flag);

  it('boots a BIOS machine from its NIC, daemonized, with QMP and a serial log', () => {
    const args = qemuArgs(spec('bios'));
    expect(value(args, '-boot')).toEqual(['order=n']);
    expect(value(args, '-accel')).toEqual(['tcg']);
    expect(value(args, '-cpu')).toEqual(['qemu64,+rdrand']);
    expect(value(args, '-netdev')).toEqual(['tap,id=n0,ifname=pdv0f1e2d3c4b5a,script=no,downscript=no']);
    expect(value(args, '-device')).toEqual(['virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56']);
    expect(value(args, '-qmp')).toEqual(['unix:/data/qemu/x/qmp.sock,server=on,wait=off']);
    expect(args).toContain('-daemonize');
    expect(args).not.toContain('-nographic');
    expect(value(args, '-drive')).toEqual([]);
  });

  it('gives a machine a blank virtio disk, with a serial naming it, only when asked', () => {
    const args = qemuArgs({ ...spec('bios'), options: parseQemuOptions({ disk_mb: '1024' }, defaults) });
    expect(value(args, '-drive')).toEqual(['file=/data/qemu/x/disk.raw,if=none,id=d0,format=raw']);
    expect(value(args, '-device')).toContain('virtio-blk-pci,drive=d0,serial=paddock-vm1');
    expect(() => parseQemuOptions({ disk_mb: '-1' }, defaults)).toThrow(/disk_mb/);
    // The guest sees 20 bytes of it at most: the serial given is the one it will report.
    expect(diskSerial('vm-uefi-e1000')).toBe('paddock-vm-uefi-e100');
  });

  it('gives a UEFI machine OVMF with its own variable store', () => {
    const args = qemuArgs(spec('uefi'));
    expect(value(args, '-machine')).toEqual(['q35']);
    expect(value(args, '-drive')).toEqual([
      'if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd',
      'if=pflash,format=raw,unit=1,file=/data/qemu/x/OVMF_VARS.fd',
    ]);
  });

  it('keeps TAP names within IFNAMSIZ', () => {
    expect(tapName('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0')).toHaveLength(15);
  });
});
