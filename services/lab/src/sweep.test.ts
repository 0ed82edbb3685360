import { describe, expect, it } from 'vitest';
import { hostNetns, namedPrefix, ownedPrefix, SWITCH_HOST } from './names.ts';
import { deadLabNetns } from './sweep.ts';

describe('deadLabNetns', () => {
  const dead = ownedPrefix({ pid: 111, start: 5 }, 0, 'old');
  const live = ownedPrefix({ pid: 222, start: 6 }, 0, 'new');
  const names = [
    hostNetns(dead, 'a'),
    hostNetns(dead, SWITCH_HOST),
    hostNetns(live, 'a'),
    hostNetns(namedPrefix('demo'), 'server'),
    'somebody-elses-ns',
  ];

  it('lists only namespaces of dead owners, asking once per owner', () => {
    const asked: number[] = [];
    const result = deadLabNetns(names, (o) => {
      asked.push(o.pid);
      return o.pid === 222;
    });
    expect(result).toEqual([hostNetns(dead, 'a'), hostNetns(dead, SWITCH_HOST)]);
    expect(asked).toEqual([111, 222]);
  });

  it('keeps everything when every owner lives', () => {
    expect(deadLabNetns(names, () => true)).toEqual([]);
  });
});
