import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeTokens } from './node-tokens.ts';
import { testAuthority } from './testkit.ts';

let t: Awaited<ReturnType<typeof testAuthority>>;
beforeAll(async () => {
  t = await testAuthority();
});
afterAll(() => t?.cleanup());

describe('NodeTokens: the tokens boot scripts carry', () => {
  it('hands a machine its token, name, keys URL and CA fingerprint; a new power-on replaces the token', () => {
    const clock = { now: Date.now() };
    const tokens = new NodeTokens(
      () => t.ka,
      () => 'https://127.0.0.1:7443',
      () => clock.now,
    );
    expect(tokens.enrolment('52:54:00:00:00:01', '10.0.0.1')).toBeUndefined();
    expect(tokens.issue({ name: 'vm1', macs: ['52:54:00:00:00:01'], addresses: [] })).toBe(true);
    const first = tokens.enrolment('52:54:00:00:00:01', '10.0.0.1');
    expect(first).toEqual({
      token: expect.stringMatching(/^pdt-/),
      node: 'vm1',
      keysUrl: 'https://10.0.0.1:7443',
      caSha256: createHash('sha256').update(t.ka.caBundlePem).digest('hex'),
    });
    expect(t.store.listTokens().find((r) => r.node === 'vm1')?.state).toBe('live');
    tokens.issue({ name: 'vm1', macs: ['52:54:00:00:00:01'], addresses: [] });
    expect(tokens.enrolment('52:54:00:00:00:01', '10.0.0.1')?.token).not.toBe(first?.token);
    // Past its hour, a token is no longer handed out.
    clock.now += 3_601_000;
    expect(tokens.enrolment('52:54:00:00:00:01', '10.0.0.1')).toBeUndefined();
  });

  it('issues nothing before the keys service runs, or for a machine without a MAC', () => {
    expect(
      new NodeTokens(
        () => undefined,
        () => '',
      ).issue({ name: 'x', macs: ['52:54:00:00:00:02'], addresses: [] }),
    ).toBe(false);
    const tokens = new NodeTokens(
      () => t.ka,
      () => 'https://127.0.0.1:7443',
    );
    expect(tokens.issue({ name: 'x', macs: [], addresses: [] })).toBe(false);
  });
});
