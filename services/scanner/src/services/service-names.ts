/**
 * Service names for ports, from IANA's Service Name and Transport Protocol Port Number Registry
 * (RFC 6335): its CSV export (service-names-port-numbers.csv, with descriptions) when given, else
 * the system's /etc/services (Debian's netbase, a curated subset of the same registry, whose
 * comments serve as descriptions).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export interface ServiceEntry {
  port: number;
  protocol: 'tcp' | 'udp';
  name: string;
  aliases: string[];
  description: string;
}

export class ServiceNames {
  readonly #byKey = new Map<string, ServiceEntry>();

  get size(): number {
    return this.#byKey.size;
  }

  /** The first entry for a port wins, as getservbyport(3) returns the first line. */
  add(entries: Iterable<ServiceEntry>): void {
    for (const e of entries) {
      const key = `${e.port}/${e.protocol}`;
      if (!this.#byKey.has(key)) this.#byKey.set(key, e);
    }
  }

  lookup(port: number, protocol: 'tcp' | 'udp'): ServiceEntry | undefined {
    return this.#byKey.get(`${port}/${protocol}`);
  }
}

const PROTOCOLS = new Set(['tcp', 'udp']);

/** Parses services(5): `name port/protocol [aliases...] [# comment]`. */
export function parseEtcServices(text: string): ServiceEntry[] {
  const out: ServiceEntry[] = [];
  for (const line of text.split('\n')) {
    const hash = line.indexOf('#');
    const body = (hash < 0 ? line : line.slice(0, hash)).trim();
    const m = /^(\S+)\s+(\d+)\/(\w+)\s*(.*)$/.exec(body);
    if (!m || !PROTOCOLS.has(m[3]!)) continue;
    const port = Number(m[2]);
    if (port < 1 || port > 65535) continue;
    out.push({
      name: m[1]!,
      port,
      protocol: m[3] as 'tcp' | 'udp',
      aliases: m[4] ? m[4].split(/\s+/) : [],
      description: hash < 0 ? '' : line.slice(hash + 1).trim(),
    });
  }
  return out;
}

/** Parses IANA's CSV export: Service Name, Port Number (or a range), Transport Protocol, Description, ... */
export function parseIanaCsv(text: string): ServiceEntry[] {
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  const out: ServiceEntry[] = [];
  for (const [name = '', ports = '', protocol = '', description = ''] of rows.slice(1)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(ports.trim());
    if (!m || !name || !PROTOCOLS.has(protocol)) continue;
    const [lo, hi] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (hi - lo > 100) continue;
    for (let port = lo; port <= hi; port++) {
      out.push({ name, port, protocol: protocol as 'tcp' | 'udp', aliases: [], description: description.trim() });
    }
  }
  return out;
}

/** Loads every readable file given (IANA CSV or services(5)), earlier files winning. */
export function loadServiceNames(files: readonly string[]): ServiceNames {
  const names = new ServiceNames();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    names.add(file.endsWith('.csv') ? parseIanaCsv(text) : parseEtcServices(text));
  }
  return names;
}
