import { expect, it } from 'vitest';
import type { CertRow, KeyStore, TokenRow } from './key-store.ts';

export const testToken = (id: string, node: string, expiresAt = 1000): TokenRow => ({
  id,
  hash: `h-${id}`,
  node,
  addresses: ['10.0.0.1'],
  createdAt: 1,
  expiresAt,
  state: 'live',
  usedAt: undefined,
  outcome: '',
});

export const testCert = (serial: string, subject: string): CertRow => ({
  serial,
  kind: 'x509',
  role: 'node',
  subject,
  principals: [subject],
  publicKey: 'k',
  notBefore: 1,
  notAfter: 2,
  issuedAt: 1,
  tokenId: '',
  revokedAt: undefined,
  revokeReason: '',
});

/** The behaviour every KeyStore must have; each store's test file runs it. */
export function keyStoreContract(make: () => KeyStore): void {
  it('takes a token once: the second attempt finds it used', () => {
    const s = make();
    s.addToken(testToken('a', 'n1'));
    expect(s.takeToken('h-a', 10)).toMatchObject({ kind: 'taken', token: { node: 'n1', state: 'used' } });
    expect(s.takeToken('h-a', 11)).toMatchObject({ kind: 'used' });
    expect(s.takeToken('h-zz', 11)).toEqual({ kind: 'unknown' });
  });

  it('an expired token is dead after its attempt, and a revoked one is refused', () => {
    const s = make();
    s.addToken(testToken('a', 'n1', 5));
    s.addToken(testToken('b', 'n2'));
    expect(s.takeToken('h-a', 10).kind).toBe('expired');
    expect(s.takeToken('h-a', 10).kind).toBe('used');
    expect(s.revokeTokens('n2')).toBe(1);
    expect(s.takeToken('h-b', 10).kind).toBe('revoked');
    expect(s.listTokens().map((t) => [t.id, t.state, t.outcome])).toEqual([
      ['a', 'used', 'refused: expired'],
      ['b', 'revoked', 'revoked'],
    ]);
  });

  it('records certificates with the token outcome, and revokes by serial or subject', () => {
    const s = make();
    s.addToken(testToken('a', 'n1'));
    s.addCerts([testCert('01', 'n1'), testCert('02', 'n1'), testCert('03', 'n2')], {
      tokenId: 'a',
      outcome: 'enrolled',
    });
    expect(s.listTokens()[0]?.outcome).toBe('enrolled');
    expect(s.revokeCerts('03', 5, 'gone').map((c) => c.serial)).toEqual(['03']);
    expect(s.revokeCerts('n1', 6, 'lost').map((c) => c.serial)).toEqual(['01', '02']);
    expect(s.revokeCerts('n1', 7, 'again')).toEqual([]);
    expect(s.findCert('01')).toMatchObject({ revokedAt: 6, revokeReason: 'lost' });
  });

  it('refuses a duplicate serial and leaves the earlier rows as they were', () => {
    const s = make();
    s.addCerts([testCert('01', 'n1')]);
    expect(() => s.addCerts([testCert('02', 'n2'), testCert('01', 'n3')])).toThrow();
    expect(s.listCerts().map((c) => c.serial)).toEqual(['01']);
  });

  it('restores rows exactly as given, all or none', () => {
    const s = make();
    const used = { ...testToken('u', 'n1'), state: 'used' as const, usedAt: 9, outcome: 'enrolled' };
    const revoked = { ...testCert('0c', 'n1'), revokedAt: 12, revokeReason: 'lost' };
    s.restore([used, testToken('l', 'n2')], [revoked]);
    expect(s.findToken('u')).toEqual(used);
    expect(s.findCert('0c')).toEqual(revoked);
    expect(() => s.restore([testToken('x', 'n3')], [revoked])).toThrow();
    expect(s.findToken('x')).toBeUndefined();
  });

  it('keeps every field of a token and a certificate, and finds them by id and serial', () => {
    const s = make();
    const t = { ...testToken('a', 'n1'), addresses: ['10.0.0.1', 'fd00::1'], createdAt: 7 };
    const c = { ...testCert('0a', 'n1'), kind: 'ssh-host' as const, principals: ['n1', 'n1.lab'], tokenId: 'a' };
    s.addToken(t);
    s.addCerts([c]);
    expect(s.findToken('a')).toEqual(t);
    expect(s.findCert('0a')).toEqual(c);
    expect(s.findToken('b')).toBeUndefined();
    expect(s.findCert('0b')).toBeUndefined();
    expect(() => s.addToken({ ...testToken('a', 'n2'), hash: 'h-other' })).toThrow();
    expect(s.listTokens()).toEqual([t]);
  });
}
