import { expect, it } from 'vitest';
import { decodeHolder, encodeHolder } from './role-key.ts';
import { holdsUntil, keepaliveEveryMs, marginMs } from './validity.ts';

it('a holder stops before etcd could have let the lease end, with a margin that fits the TTL', () => {
  expect(holdsUntil(1_000, 5_000)).toBe(1_000 + 5_000 - 500);
  expect(marginMs(2_000)).toBe(300);
  expect(marginMs(400)).toBe(200);
  expect(marginMs(60_000)).toBe(6_000);
  // Two keepalives may be lost and the third still lands before the holder steps down.
  expect(3 * keepaliveEveryMs(5_000)).toBeLessThanOrEqual(5_000);
  expect(2 * keepaliveEveryMs(5_000)).toBeLessThan(holdsUntil(0, 5_000));
});

it('reads back a holder and names what is wrong with anything else', () => {
  expect(decodeHolder(encodeHolder({ server: 'a:1@x', since: 5 }))).toEqual({ server: 'a:1@x', since: 5 });
  expect(decodeHolder('{')).toEqual({ error: 'not JSON' });
  expect(decodeHolder('null')).toMatchObject({ error: expect.any(String) });
  expect(decodeHolder('{"server":1,"since":2}')).toMatchObject({ error: expect.any(String) });
});
