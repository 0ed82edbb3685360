import { emptyHardware, type Hardware } from './hardware.ts';

/**
 * The node image's hardware report, as its busybox agent writes it: a header line, then one
 * line per fact, fields separated by tabs (sysfs strings hold spaces, never tabs):
 *
 *   paddock-hardware 1
 *   system   VENDOR  MODEL  SERIAL
 *   firmware bios|uefi  VENDOR  VERSION  DATE
 *   cpu      MODEL  THREADS  CORES  SOCKETS
 *   memory   INSTALLED_BYTES  USABLE_BYTES
 *   disk     NAME  SIZE_BYTES  MODEL  SERIAL  ROTATIONAL(0|1)
 *   nic      NAME  MAC  DRIVER  SPEED_MBPS(-1 when unknown)
 *
 * The body arrives over plain HTTP from a machine, so parsing never throws: a bad line is
 * dropped with its reason, unknown kinds are skipped (a newer image), and sizes are capped.
 */
export const REPORT_HEADER = 'paddock-hardware 1';
export const REPORT_MAX_BYTES = 16 * 1024;
const MAX_ITEMS = 64;
const MAX_TEXT = 128;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

export type ReportResult = { hardware: Hardware; dropped: string[] } | { error: string };

export function parseHardwareReport(text: string, reportedAt: number): ReportResult {
  if (text.length > REPORT_MAX_BYTES) return { error: `hardware report over ${REPORT_MAX_BYTES} bytes` };
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines[0]?.trim() !== REPORT_HEADER) return { error: `hardware report does not start with "${REPORT_HEADER}"` };
  const hw = emptyHardware(reportedAt);
  const dropped: string[] = [];
  for (const [i, line] of lines.slice(1).entries()) {
    if (line.trim() === '') continue;
    const problem = applyLine(hw, line.split('\t').map(clean));
    if (problem) dropped.push(`line ${i + 2}: ${problem}`);
  }
  return { hardware: hw, dropped };
}

function applyLine(hw: Hardware, f: string[]): string | undefined {
  const n = (i: number) => count(f[i]);
  switch (f[0]) {
    case 'system':
      hw.system = { vendor: f[1] ?? '', model: f[2] ?? '', serial: f[3] ?? '' };
      return;
    case 'firmware': {
      const kind = f[1] === 'bios' || f[1] === 'uefi' ? f[1] : '';
      hw.firmware = { kind, vendor: f[2] ?? '', version: f[3] ?? '', date: f[4] ?? '' };
      return;
    }
    case 'cpu':
      if ([2, 3, 4].some((i) => n(i) === undefined)) return 'cpu counts must be whole numbers';
      hw.cpu = { model: f[1] ?? '', threads: n(2)!, cores: n(3)!, sockets: n(4)! };
      return;
    case 'memory':
      if (n(1) === undefined || n(2) === undefined) return 'memory sizes must be whole numbers';
      hw.memory = { installedBytes: n(1)!, usableBytes: n(2)! };
      return;
    case 'disk':
      if (hw.disks.length >= MAX_ITEMS) return `more than ${MAX_ITEMS} disks`;
      if (!f[1] || n(2) === undefined) return 'a disk needs a name and a size in bytes';
      hw.disks.push({ name: f[1], sizeBytes: n(2)!, model: f[3] ?? '', serial: f[4] ?? '', rotational: f[5] === '1' });
      return;
    case 'nic': {
      if (hw.nics.length >= MAX_ITEMS) return `more than ${MAX_ITEMS} NICs`;
      const mac = (f[2] ?? '').toLowerCase();
      if (!f[1] || !MAC.test(mac)) return 'a NIC needs a name and a MAC';
      // sysfs says -1 (or refuses to read) when the link is down or the driver cannot tell.
      hw.nics.push({ name: f[1], mac, driver: f[3] ?? '', speedMbps: n(4) ?? 0 });
      return;
    }
    default:
      return `unknown kind ${JSON.stringify(f[0]?.slice(0, 20))}`;
  }
}

/** A field as kept: printable, trimmed, at most MAX_TEXT characters. */
function clean(s: string): string {
  return s
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, MAX_TEXT);
}

function count(s: string | undefined): number | undefined {
  if (s === undefined || !/^\d{1,18}$/.test(s)) return undefined;
  const v = Number(s);
  return Number.isSafeInteger(v) ? v : undefined;
}
