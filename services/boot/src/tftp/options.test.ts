import { describe, expect, it } from 'vitest';
import type { TftpOption } from './codec.ts';
import { MAX_TIMEOUT_SECONDS, negotiate } from './options.ts';

const opts = (pairs: [string, string][]): TftpOption[] => pairs.map(([name, value]) => ({ name, value }));
const limits = { maxBlksize: 1468, maxWindowsize: 64 };

describe('negotiate', () => {
  it('echoes a short RFC 2349 timeout and leaves a long one out of the OACK (the transfer adapts instead)', () => {
    expect(negotiate(opts([['timeout', '3']]), 1, limits)).toMatchObject({
      oack: opts([['timeout', '3']]),
      settings: { timeoutSeconds: 3 },
    });
    // 255 s, resent five times, would hold a transfer slot for 25 minutes.
    expect(negotiate(opts([['timeout', '255']]), 1, limits)).toMatchObject({
      oack: [],
      settings: { timeoutSeconds: undefined },
    });
  });

  it('answers UEFI PXE with the real size, its block size and its window', () => {
    const n = negotiate(
      opts([
        ['tsize', '0'],
        ['blksize', '1468'],
        ['windowsize', '4'],
      ]),
      123456,
      limits,
    );
    expect(n).toEqual({
      kind: 'accept',
      oack: opts([
        ['tsize', '123456'],
        ['blksize', '1468'],
        ['windowsize', '4'],
      ]),
      settings: { blksize: 1468, windowsize: 4, timeoutSeconds: undefined },
    });
  });

  it('clamps blksize to the MTU-derived limit and to 65464, never answering larger than asked', () => {
    expect(negotiate(opts([['blksize', '9000']]), 1, limits)).toMatchObject({ oack: opts([['blksize', '1468']]) });
    expect(negotiate(opts([['blksize', '70000']]), 1, { ...limits, maxBlksize: 65464 })).toMatchObject({
      settings: { blksize: 65464 },
    });
    expect(negotiate(opts([['blksize', '8']]), 1, limits)).toMatchObject({ oack: opts([['blksize', '8']]) });
  });

  it('ignores blksize below 8 and values that are not plain decimals', () => {
    for (const value of ['7', '0', '-512', '+512', ' 512', '0x200', '5e2', '', '99999999999']) {
      expect(negotiate(opts([['blksize', value]]), 1, limits)).toEqual({
        kind: 'accept',
        oack: [],
        settings: { blksize: 512, windowsize: 1, timeoutSeconds: undefined },
      });
    }
  });

  it('echoes timeout 1..MAX_TIMEOUT_SECONDS unchanged and drops values outside', () => {
    expect(negotiate(opts([['timeout', '1']]), 1, limits)).toMatchObject({ settings: { timeoutSeconds: 1 } });
    expect(negotiate(opts([['timeout', String(MAX_TIMEOUT_SECONDS)]]), 1, limits)).toMatchObject({
      settings: { timeoutSeconds: MAX_TIMEOUT_SECONDS },
    });
    expect(negotiate(opts([['timeout', '0']]), 1, limits)).toMatchObject({ oack: [] });
    expect(negotiate(opts([['timeout', '256']]), 1, limits)).toMatchObject({ oack: [] });
  });

  it('clamps windowsize to the server maximum and drops 0 or more than 65535', () => {
    expect(negotiate(opts([['windowsize', '65535']]), 1, limits)).toMatchObject({ oack: opts([['windowsize', '64']]) });
    expect(negotiate(opts([['windowsize', '0']]), 1, limits)).toMatchObject({ oack: [] });
    expect(negotiate(opts([['windowsize', '65536']]), 1, limits)).toMatchObject({ oack: [] });
  });

  it('refuses duplicated options, ignores unknown ones, and omits tsize for unknown sizes', () => {
    expect(
      negotiate(
        opts([
          ['blksize', '512'],
          ['blksize', '1468'],
        ]),
        1,
        limits,
      ),
    ).toEqual({
      kind: 'refuse',
      message: 'option blksize given twice',
    });
    expect(
      negotiate(
        opts([
          ['multicast', ''],
          ['rollover', '0'],
        ]),
        1,
        limits,
      ),
    ).toMatchObject({ oack: [] });
    expect(negotiate(opts([['tsize', '0']]), undefined, limits)).toMatchObject({ oack: [] });
  });
});
