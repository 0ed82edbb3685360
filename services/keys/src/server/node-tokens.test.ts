import { execFileSync } from 'node:child_process';
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
  it('hands a machine its token, name, keys URL, CA fingerprint and server key pin; a new power-on replaces the token', () => {
    const clock = { now: Date.now() };
    // Any certificate stands for the server's here: the CA's own.
    const certificatePem = t.ka.caBundlePem;
    const tokens = new NodeTokens(
      () => t.ka,
      () => ({ httpUrl: 'https://127.0.0.1:7443', certificatePem }),
      () => clock.now,
    );
    // The pin as curl's manual makes it for --pinnedpubkey.
    const pin = execFileSync(
      'sh',
      ['-c', 'openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64'],
      { input: certificatePem },
    )
      .toString()
      .trim();
    expect(tokens.enrolment('52:54:00:00:00:01', '10.0.0.1')).toBeUndefined();
    expect(tokens.issue({ name: 'vm1', macs: ['52:54:00:00:00:01'], addresses: [] })).toBe(true);
    const first = tokens.enrolment('52:54:00:00:00:01', '10.0.0.1');
    expect(first).toEqual({
      token: expect.stringMatching(/^pdt-/),
      node: 'vm1',
      keysUrl: 'https://10.0.0.1:7443',
      caSha256: createHash('sha256').update(t.ka.caBundlePem).digest('hex'),
      keysPin: pin,
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
        () => ({ httpUrl: '', certificatePem: '' }),
      ).issue({ name: 'x', macs: ['52:54:00:00:00:02'], addresses: [] }),
    ).toBe(false);
    const tokens = new NodeTokens(
      () => t.ka,
      () => ({ httpUrl: 'https://127.0.0.1:7443', certificatePem: '' }),
    );
    expect(tokens.issue({ name: 'x', macs: [], addresses: [] })).toBe(false);
  });
});
