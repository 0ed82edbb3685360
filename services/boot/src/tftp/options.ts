import type { TftpOption } from './codec.ts';

/** What this server is willing to do, set by the shell (MTU-derived blksize, window cap). */
export interface ServerLimits {
  /** Largest block the path carries unfragmented: MTU − 20 (IPv4) − 8 (UDP) − 4 (TFTP), 1468 on Ethernet. */
  maxBlksize: number;
  /** Upper bound for RFC 7440 windows; large windows only add burst loss on busy links. */
  maxWindowsize: number;
}

/** The parameters a read transfer runs with after negotiation. */
export interface TransferSettings {
  blksize: number;
  windowsize: number;
  /** RFC 2349 timeout the client asked for, in seconds; undefined means "adapt". */
  timeoutSeconds: number | undefined;
}

export type Negotiation =
  | { kind: 'accept'; oack: TftpOption[]; settings: TransferSettings }
  | { kind: 'refuse'; message: string };

/**
 * Longest RFC 2349 timeout accepted. A transfer never waits longer than MAX_SILENCE_MS
 * (transfer.ts) for an acknowledgement, so a longer timeout could not even be honoured once;
 * left out of the OACK, the client keeps its own and the server adapts to measured round trips.
 */
export const MAX_TIMEOUT_SECONDS = 5;

export const DEFAULT_LIMITS: ServerLimits = { maxBlksize: 1468, maxWindowsize: 64 };

/** Strict decimal: "+5", " 5", "0x10" and "5e2" are not numbers on the wire. */
function decimal(value: string): number | undefined {
  return /^[0-9]{1,10}$/.test(value) ? Number(value) : undefined;
}

/** The first option name that appears twice, if any. */
export function duplicateOption(options: readonly TftpOption[]): string | undefined {
  const seen = new Set<string>();
  for (const o of options) {
    if (seen.has(o.name)) return o.name;
    seen.add(o.name);
  }
  return undefined;
}

/**
 * RFC 2347 negotiation for a read request. Unknown options and unusable values are left out of
 * the OACK (RFC 2347: "options not supported ... should be omitted"), like tftpd-hpa; the
 * client then runs with RFC 1350 defaults for them. A repeated option is refused with ERROR 8:
 * RFC 2347 gives no rule for it, and picking one copy silently could leave client and server
 * disagreeing about the block size.
 */
export function negotiate(
  requested: readonly TftpOption[],
  fileSize: number | undefined,
  limits: ServerLimits = DEFAULT_LIMITS,
): Negotiation {
  const dup = duplicateOption(requested);
  if (dup !== undefined) return { kind: 'refuse', message: `option ${dup} given twice` };
  const oack: TftpOption[] = [];
  const settings: TransferSettings = { blksize: 512, windowsize: 1, timeoutSeconds: undefined };
  for (const { name, value } of requested) {
    const n = decimal(value);
    if (n === undefined) continue;
    if (name === 'blksize' && n >= 8) {
      // RFC 2348: valid sizes are 8..65464 and the server may answer with a smaller size, never
      // a larger one. Above 65464 a valid smaller answer exists, so clamp (as tftpd-hpa does);
      // below 8 none does, so the option is ignored.
      settings.blksize = Math.min(n, 65464, limits.maxBlksize);
      oack.push({ name, value: String(settings.blksize) });
    } else if (name === 'windowsize' && n >= 1 && n <= 65535) {
      // RFC 7440 §3: the server may answer with a smaller window.
      settings.windowsize = Math.min(n, limits.maxWindowsize);
      oack.push({ name, value: String(settings.windowsize) });
    } else if (name === 'timeout' && n >= 1 && n <= MAX_TIMEOUT_SECONDS) {
      // RFC 2349 §2: the server must echo the client's value unchanged or leave it out (1..255
      // are valid; above MAX_TIMEOUT_SECONDS it is left out).
      settings.timeoutSeconds = n;
      oack.push({ name, value });
    } else if (name === 'tsize' && fileSize !== undefined) {
      // RFC 2349 §4: a read request carries 0; the OACK carries the real size.
      oack.push({ name, value: String(fileSize) });
    }
  }
  return { kind: 'accept', oack, settings };
}
