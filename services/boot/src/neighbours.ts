import { readFileSync } from 'node:fs';

/** IPv4 → MAC from the text of /proc/net/arp (complete entries only, flag 0x2). */
export function parseArpTable(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n').slice(1)) {
    const [ip, , flags, mac] = line.trim().split(/\s+/);
    if (ip && mac && flags && (Number.parseInt(flags, 16) & 0x2) !== 0 && mac !== '00:00:00:00:00:00') {
      out.set(ip, mac.toLowerCase());
    }
  }
  return out;
}

/**
 * Which machine an IP address is. TFTP and HTTP requests carry only an address; boot events are
 * per MAC. Addresses learnt from DHCP (4011 requests, answers given) come first, then the
 * kernel's neighbour table, which holds every machine we just talked to on the link. Reads
 * /proc/net/arp of the calling thread's network namespace, i.e. the boot interface's.
 */
export class Neighbours {
  readonly #learnt = new Map<string, string>();
  readonly #readTable: () => string;

  constructor(readTable: () => string = () => readFileSync('/proc/net/arp', 'utf8')) {
    this.#readTable = readTable;
  }

  learn(ip: string, mac: string): void {
    if (!ip || ip === '0.0.0.0') return;
    this.#learnt.delete(ip);
    this.#learnt.set(ip, mac);
    // Bounded: the oldest entries go first (Map keeps insertion order).
    if (this.#learnt.size > 10_000) this.#learnt.delete(this.#learnt.keys().next().value!);
  }

  macFor(ip: string): string {
    const known = this.#learnt.get(ip);
    if (known) return known;
    try {
      return parseArpTable(this.#readTable()).get(ip) ?? '';
    } catch {
      return '';
    }
  }
}
