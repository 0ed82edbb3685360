import { describe, expect, it } from 'vitest';
import { parseRegistryCsv } from './registry-csv.ts';

const HEADER = 'Registry,Assignment,Organization Name,Organization Address\n';

describe('parseRegistryCsv', () => {
  it('reads rows of each registry, keeping quoted names with commas whole', () => {
    const text = `${HEADER}MA-L,002272,American Micro-Fuel Device Corp.,2181 Buchanan Loop\nMA-S,70B3D5F2F,"Acme, Inc.","Polbina st., 3/1 Moscow"\nMA-M,741ae09,,\n`;
    const { entries, skipped } = parseRegistryCsv(text);
    expect(skipped).toEqual([]);
    expect(entries).toEqual([
      { registry: 'MA-L', prefix: '002272', organization: 'American Micro-Fuel Device Corp.' },
      { registry: 'MA-S', prefix: '70B3D5F2F', organization: 'Acme, Inc.' },
      { registry: 'MA-M', prefix: '741AE09', organization: 'Private' },
    ]);
  });

  it('skips rows whose prefix does not fit their registry, saying which', () => {
    const { entries, skipped } = parseRegistryCsv(`${HEADER}MA-L,0022,Short\nXX,002272,Odd\nMA-M,00227G1,Bad hex\n`);
    expect(entries).toEqual([]);
    expect(skipped).toHaveLength(3);
    expect(skipped[0]).toMatch(/row 2: MA-L assignment "0022" is not 6 hex digits/);
    expect(skipped[1]).toMatch(/unknown registry "XX"/);
  });

  it('refuses a file that is not a registry listing', () => {
    expect(() => parseRegistryCsv('name,value\na,b\n')).toThrow(/not an IEEE registry listing/);
    expect(() => parseRegistryCsv('')).toThrow(/not an IEEE registry listing/);
    expect(() => parseRegistryCsv(`${HEADER}"unterminated,1,2\n`)).toThrow(/not a CSV file/);
  });
});
