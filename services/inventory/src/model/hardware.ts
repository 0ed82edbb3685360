/**
 * A machine's hardware as its node image reports it (see hardware-report.ts for the wire
 * form). Plain data beside Node; sizes in bytes, speeds in Mb/s, 0 when not known.
 */
export interface Hardware {
  reportedAt: number;
  system: { vendor: string; model: string; serial: string };
  firmware: { kind: 'bios' | 'uefi' | ''; vendor: string; version: string; date: string };
  cpu: { model: string; threads: number; cores: number; sockets: number };
  memory: { installedBytes: number; usableBytes: number };
  disks: HardwareDisk[];
  nics: HardwareNic[];
}

export interface HardwareDisk {
  name: string;
  sizeBytes: number;
  model: string;
  serial: string;
  rotational: boolean;
}

export interface HardwareNic {
  name: string;
  mac: string;
  driver: string;
  speedMbps: number;
}

export function emptyHardware(reportedAt: number): Hardware {
  return {
    reportedAt,
    system: { vendor: '', model: '', serial: '' },
    firmware: { kind: '', vendor: '', version: '', date: '' },
    cpu: { model: '', threads: 0, cores: 0, sockets: 0 },
    memory: { installedBytes: 0, usableBytes: 0 },
    disks: [],
    nics: [],
  };
}

/** Whether two reports say the same (the time of the report aside). */
export function sameHardware(a: Hardware | undefined, b: Hardware | undefined): boolean {
  if (!a || !b) return a === b;
  return JSON.stringify({ ...a, reportedAt: 0 }) === JSON.stringify({ ...b, reportedAt: 0 });
}
