import { describe, expect, it } from 'vitest';
import { Neighbours, parseArpTable } from './neighbours.ts';

const TABLE = `IP address       HW type     Flags       HW address            Mask     Device
10.77.0.50       0x1         0x2         52:54:00:12:34:56     *        eth0
10.77.0.51       0x1         0x0         00:00:00:00:00:00     *        eth0
10.77.0.52       0x1         0x2         52:54:00:AB:CD:EF     *        eth0
`;

describe('Neighbours', () => {
  it('reads complete entries of the kernel table, lower-cased', () => {
    expect([...parseArpTable(TABLE)]).toEqual([
      ['10.77.0.50', '52:54:00:12:34:56'],
      ['10.77.0.52', '52:54:00:ab:cd:ef'],
    ]);
  });

  it('prefers what DHCP taught it, falls back to the table, and says "" when unknown', () => {
    const n = new Neighbours(() => TABLE);
    n.learn('10.77.0.50', '52:54:00:00:00:01');
    expect(n.macFor('10.77.0.50')).toBe('52:54:00:00:00:01');
    expect(n.macFor('10.77.0.52')).toBe('52:54:00:ab:cd:ef');
    expect(n.macFor('10.77.0.51')).toBe('');
    expect(
      new Neighbours(() => {
        throw new Error('no proc');
      }).macFor('1.2.3.4'),
    ).toBe('');
  });
});
