import { describe, expect, it } from 'vitest';
import { matchesSelector, parseSelector, type Requirement } from './selector.ts';

describe('label selectors', () => {
  const select = (text: string, labels: Record<string, string>) => {
    const parsed = parseSelector(text);
    if ('error' in parsed) throw new Error(parsed.error);
    return matchesSelector(labels, parsed.requirements);
  };

  it('parses every operator', () => {
    expect(parseSelector('rack=3, role!=db,gpu,!spare,zone==a')).toEqual({
      requirements: [
        { op: 'eq', key: 'rack', value: '3' },
        { op: 'ne', key: 'role', value: 'db' },
        { op: 'exists', key: 'gpu' },
        { op: 'absent', key: 'spare' },
        { op: 'eq', key: 'zone', value: 'a' },
      ] satisfies Requirement[],
    });
    expect(parseSelector('  ')).toEqual({ requirements: [] });
  });

  it('matches as kubectl does', () => {
    const node = { rack: '3', role: 'worker', gpu: '' };
    expect(select('', node)).toBe(true);
    expect(select('rack=3,gpu', node)).toBe(true);
    expect(select('rack=4', node)).toBe(false);
    expect(select('role!=db', node)).toBe(true);
    expect(select('zone!=a', node)).toBe(true);
    expect(select('!gpu', node)).toBe(false);
    expect(select('!spare,rack', node)).toBe(true);
  });

  it('refuses malformed selectors with a reason', () => {
    expect(parseSelector('rack=3,,gpu')).toEqual({ error: expect.stringMatching(/empty requirement/) });
    expect(parseSelector('ra ck=3')).toEqual({ error: expect.stringMatching(/label key "ra ck"/) });
    expect(parseSelector('rack=a b')).toEqual({ error: expect.stringMatching(/value "a b"/) });
  });

  it('compares numbers, and a label that is not a number satisfies no comparison', () => {
    expect(parseSelector('cpu.cores>=16,memory.gib < 64')).toEqual({
      requirements: [
        { op: 'ge', key: 'cpu.cores', value: 16 },
        { op: 'lt', key: 'memory.gib', value: 64 },
      ] satisfies Requirement[],
    });
    const node = { 'cpu.cores': '16', 'memory.gib': '8', rack: 'a3' };
    expect(select('cpu.cores>=16', node)).toBe(true);
    expect(select('cpu.cores>16', node)).toBe(false);
    expect(select('cpu.cores<=16,memory.gib<8.5', node)).toBe(true);
    expect(select('memory.gib<8', node)).toBe(false);
    expect(select('rack>1', node)).toBe(false);
    expect(select('disk.count>0', node)).toBe(false);
    expect(parseSelector('cpu.cores>=many')).toEqual({ error: expect.stringMatching(/>= needs a number/) });
    expect(parseSelector('>=3')).toEqual({ error: expect.stringMatching(/label key/) });
  });
});
