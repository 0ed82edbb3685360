import { describe, expect, it } from 'vitest';
import type { DhcpOption } from './option-list.ts';
import { onlyRequested, orderByParameterRequestList } from './prl.ts';

const opts = (...codes: number[]): DhcpOption[] => codes.map((code) => ({ code, data: Uint8Array.of(code) }));
const codes = (list: DhcpOption[]) => list.map((o) => o.code);

describe('parameter request list (RFC 2132 §9.8)', () => {
  it('puts 53 first, then requested options in the client order, then the rest as they were', () => {
    expect(codes(orderByParameterRequestList(opts(1, 54, 3, 53, 6, 51), [6, 3, 1, 6]))).toEqual([53, 6, 3, 1, 54, 51]);
  });

  it('drops unrequested options but keeps those a reply must carry', () => {
    expect(codes(onlyRequested(opts(53, 1, 3, 42, 54, 51, 82), [3]))).toEqual([53, 3, 54, 51, 82]);
  });
});
