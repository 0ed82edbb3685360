import { describe, expect, it } from 'vitest';
import { checkTargets, parseHosts } from './targets.ts';

describe('deploy --host', () => {
  it('reads NAME=[USER@]ADDRESS[:PORT]', () => {
    expect(parseHosts(['n1=10.0.0.1', 'n2=admin@10.0.0.2:2222', 'n3=[fd00::3]:22'])).toEqual([
      { name: 'n1', address: '10.0.0.1' },
      { name: 'n2', address: '10.0.0.2', port: 2222, user: 'admin' },
      { name: 'n3', address: 'fd00::3', port: 22 },
    ]);
  });

  it('names what is wrong', () => {
    expect(() => parseHosts([])).toThrow(/no hosts/);
    expect(() => parseHosts(['10.0.0.1'])).toThrow(/expected NAME=\[USER@\]ADDRESS/);
    expect(() => parseHosts(['a=1.2.3.4', 'a=1.2.3.5'])).toThrow(/given twice/);
    expect(() => parseHosts(['a=1.2.3.4 -oProxyCommand=x'])).toThrow(/expected/);
  });
});

describe('targets from an API caller', () => {
  it('takes what --host would take and refuses what could reach ssh as an option', () => {
    expect(checkTargets([{ name: 'n1', address: '10.0.0.1', port: 2222, user: 'admin' }])).toHaveLength(1);
    expect(() => checkTargets([{ name: 'n1', address: '-oProxyCommand=x' }])).toThrow(/not a host name/);
    expect(() => checkTargets([{ name: 'N 1', address: '10.0.0.1' }])).toThrow(/lower-case/);
    expect(() => checkTargets([{ name: 'n1', address: '10.0.0.1', port: 70000 }])).toThrow(/out of range/);
    expect(() =>
      checkTargets([
        { name: 'a', address: '10.0.0.1' },
        { name: 'a', address: '10.0.0.2' },
      ]),
    ).toThrow(/given twice/);
  });
});
