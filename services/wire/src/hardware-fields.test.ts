import { describe, expect, it } from 'vitest';
import { hardwareFields } from './hardware-fields.ts';

describe('hardware rows', () => {
  it('names each disk and NIC, sizes as their makers print them', () => {
    const rows = hardwareFields({
      reportedAtUnixMs: 0n,
      system: { vendor: 'QEMU', model: 'Standard PC (i440FX + PIIX, 1996)', serial: '' },
      firmware: { kind: 'bios', vendor: 'SeaBIOS', version: '1.16.2-debian-1.16.2-1', date: '04/01/2014' },
      cpu: { model: 'QEMU Virtual CPU version 2.5+', threads: 2, cores: 2, sockets: 1 },
      memory: { installedBytes: 536870912n, usableBytes: 480000000n },
      disks: [{ name: 'vda', sizeBytes: 1073741824n, model: '', serial: 'paddock-disk', rotational: true }],
      nics: [{ name: 'eth0', mac: '52:54:00:12:34:56', driver: 'e1000', speedMbps: 1000 }],
    });
    expect(Object.fromEntries(rows)).toEqual({
      system: 'QEMU Standard PC (i440FX + PIIX, 1996)',
      firmware: 'BIOS SeaBIOS 1.16.2-debian-1.16.2-1 04/01/2014',
      cpu: 'QEMU Virtual CPU version 2.5+: 2 threads, 2 cores, 1 sockets',
      memory: '0.50 GiB installed, 0.45 GiB usable',
      'disk vda': '1.1 GB (serial paddock-disk) rotational',
      'nic eth0': '52:54:00:12:34:56 e1000 1000 Mb/s',
      reported: '-',
    });
  });
});
