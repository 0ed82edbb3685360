import { describe, expect, it } from 'vitest';
import { classlessRoutes } from './classless-routes.ts';

describe('option 121 classless static routes (RFC 3442)', () => {
  it('writes only the significant destination octets, as RFC 3442 §2 shows', () => {
    const routes = [
      { destination: '10.17.0.0/16', router: '10.0.0.1' },
      { destination: '0.0.0.0/0', router: '10.0.0.254' },
      { destination: '192.168.1.128/25', router: '10.0.0.2' },
    ];
    const b = classlessRoutes.encode(routes);
    expect(Array.from(b)).toEqual([16, 10, 17, 10, 0, 0, 1, 0, 10, 0, 0, 254, 25, 192, 168, 1, 128, 10, 0, 0, 2]);
    expect(classlessRoutes.decode(b)).toEqual(routes);
  });

  it('rejects truncated routes, prefixes over 32 and host bits set', () => {
    expect(classlessRoutes.decode(Uint8Array.of(16, 10, 17, 10, 0))).toBeUndefined();
    expect(classlessRoutes.decode(Uint8Array.of(33, 1, 1, 1, 1, 1, 10, 0, 0, 1))).toBeUndefined();
    expect(classlessRoutes.decode(Uint8Array.of(8, 10, 10, 0, 0, 1).map((x, i) => (i === 1 ? 11 : x)))).toEqual([
      { destination: '11.0.0.0/8', router: '10.0.0.1' },
    ]);
    expect(() => classlessRoutes.encode([{ destination: '10.1.0.0/8', router: '10.0.0.1' }])).toThrow(/host bits/);
  });
});
