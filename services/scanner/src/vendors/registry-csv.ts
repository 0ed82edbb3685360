/**
 * The IEEE Registration Authority's public listings as CSV (the files Debian's ieee-data ships:
 * oui.csv, mam.csv, oui36.csv, iab.csv): `Registry,Assignment,Organization Name,Organization
 * Address`, the assignment being the prefix in hex digits (6 for MA-L, 7 for MA-M, 9 for MA-S
 * and IAB). Quoted fields may hold commas; csv-parse handles RFC 4180 quoting.
 */
import { parse } from 'csv-parse/sync';

export interface RegistryEntry {
  /** "MA-L", "MA-M", "MA-S" or "IAB". */
  registry: string;
  /** Upper-case hex digits of the prefix: its length is the prefix length in nibbles. */
  prefix: string;
  organization: string;
}

export interface ParsedRegistry {
  entries: RegistryEntry[];
  /** Rows skipped, each with a reason (a bad prefix, a missing name). */
  skipped: string[];
}

/** Prefix lengths in hex digits of each registry (IEEE RA: 24, 28 and 36 bits). */
export const REGISTRY_DIGITS: Readonly<Record<string, number>> = { 'MA-L': 6, 'MA-M': 7, 'MA-S': 9, IAB: 9 };

const HEX = /^[0-9A-F]+$/;

/** Parses one registry file; throws a RangeError when it is not an IEEE registry listing at all. */
export function parseRegistryCsv(text: string): ParsedRegistry {
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true, trim: true });
  } catch (err) {
    throw new RangeError(`not a CSV file: ${(err as Error).message}`);
  }
  const header = rows[0];
  if (header?.[0] !== 'Registry' || header[1] !== 'Assignment' || header[2] !== 'Organization Name') {
    throw new RangeError(
      'not an IEEE registry listing: the header must be "Registry,Assignment,Organization Name,..."',
    );
  }
  const entries: RegistryEntry[] = [];
  const skipped: string[] = [];
  for (let i = 1; i < rows.length; i++) {
    const [registry = '', assignment = '', organization = ''] = rows[i] ?? [];
    const prefix = assignment.toUpperCase();
    const digits = REGISTRY_DIGITS[registry];
    if (digits === undefined) skipped.push(`row ${i + 1}: unknown registry ${JSON.stringify(registry)}`);
    else if (prefix.length !== digits || !HEX.test(prefix))
      skipped.push(`row ${i + 1}: ${registry} assignment ${JSON.stringify(assignment)} is not ${digits} hex digits`);
    else entries.push({ registry, prefix, organization: organization || 'Private' });
  }
  return { entries, skipped };
}
