import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hardwareLabels } from './hardware-labels.ts';
import { parseHardwareReport, REPORT_HEADER } from './hardware-report.ts';

const REPORT = [
  REPORT_HEADER,
  'system\tDell Inc.\tPowerEdge R640\tJ7Q2XK2',
  'firmware\tuefi\tDell Inc.\t2.17.1\t08/24/2022',
  'cpu\tIntel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz\t80\t40\t2',
  'memory\t412316860416\t404000000000',
  'disk\tsda\t480103981056\tSSDSC2KB480G8R\tPHYF123\t0',
  'disk\tsdb\t4000787030016\tST4000NM0035\tZC1A2B3C\t1',
  'nic\teno1\tE4:43:4B:00:11:22\ti40e\t10000',
  'nic\teno2\te4:43:4b:00:11:23\ti40e\t-1',
  '',
].join('\n');

describe('hardware report', () => {
  it('reads every kind of line, as the node image writes them', () => {
    const r = parseHardwareReport(REPORT, 5);
    if ('error' in r) throw new Error(r.error);
    expect(r.dropped).toEqual([]);
    expect(r.hardware).toMatchObject({
      reportedAt: 5,
      system: { vendor: 'Dell Inc.', model: 'PowerEdge R640', serial: 'J7Q2XK2' },
      firmware: { kind: 'uefi', version: '2.17.1' },
      cpu: { threads: 80, cores: 40, sockets: 2 },
      memory: { installedBytes: 412316860416 },
    });
    expect(r.hardware.disks.map((d) => [d.name, d.sizeBytes, d.rotational])).toEqual([
      ['sda', 480103981056, false],
      ['sdb', 4000787030016, true],
    ]);
    expect(r.hardware.nics).toEqual([
      { name: 'eno1', mac: 'e4:43:4b:00:11:22', driver: 'i40e', speedMbps: 10000 },
      { name: 'eno2', mac: 'e4:43:4b:00:11:23', driver: 'i40e', speedMbps: 0 },
    ]);
  });

  it('gives selectors numbers and label-safe words', () => {
    const r = parseHardwareReport(REPORT, 0);
    if ('error' in r) throw new Error(r.error);
    expect(hardwareLabels(r.hardware)).toEqual({
      'cpu.threads': '80',
      'cpu.cores': '40',
      'cpu.sockets': '2',
      'memory.mib': '393216',
      'memory.gib': '384',
      'disk.count': '2',
      'disk.gb': '4480',
      'nic.count': '2',
      'nic.speed': '10000',
      'system.vendor': 'Dell-Inc',
      'system.model': 'PowerEdge-R640',
      'firmware.type': 'uefi',
    });
    expect(hardwareLabels(undefined)).toEqual({});
  });

  it('drops bad lines with their reason and refuses what is not a report', () => {
    const r = parseHardwareReport(
      `${REPORT_HEADER}\ncpu\tx\tmany\t1\t1\nnic\teth0\tnot-a-mac\te1000\t1000\nfan\t3\n`,
      0,
    );
    if ('error' in r) throw new Error(r.error);
    expect(r.dropped).toEqual([
      'line 2: cpu counts must be whole numbers',
      'line 3: a NIC needs a name and a MAC',
      'line 4: unknown kind "fan"',
    ]);
    expect(parseHardwareReport('<html>', 0)).toEqual({ error: expect.stringMatching(/does not start with/) });
    expect(parseHardwareReport(`${REPORT_HEADER}\n${'x'.repeat(20_000)}`, 0)).toEqual({
      error: expect.stringMatching(/over 16384 bytes/),
    });
  });

  it('never throws and keeps every field bounded, whatever arrives', () => {
    const line = fc.array(
      fc.oneof(fc.string(), fc.constantFrom('cpu', 'disk', 'nic', 'memory', '-1', '99999999999999999999')),
      {
        maxLength: 7,
      },
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 100 }), (lines) => {
        const r = parseHardwareReport([REPORT_HEADER, ...lines.map((l) => l.join('\t'))].join('\n'), 0);
        if ('error' in r) return;
        const h = r.hardware;
        expect(h.disks.length).toBeLessThanOrEqual(64);
        for (const d of h.disks) expect(Number.isSafeInteger(d.sizeBytes) && d.name.length <= 128).toBe(true);
        expect(Number.isSafeInteger(h.cpu.threads)).toBe(true);
        expect(() => hardwareLabels(h)).not.toThrow();
      }),
    );
  });
});
