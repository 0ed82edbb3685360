import type { Certificate, Token } from '@paddock/proto/keys/v1/keys.ts';
import { ResetReason, WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { describe, expect, it } from 'vitest';
import { applyKeysEvent, certState, EMPTY, nodesOf, relative, sortedTokens } from './keys-state.ts';

const cert = (serial: string, subject: string, kind: string, issued: number, revoked = 0) =>
  ({
    serial,
    subject,
    kind,
    role: kind === 'x509' ? 'node' : 'host',
    issuedAtUnixMs: BigInt(issued),
    notAfterUnixMs: BigInt(issued + 1000),
    revokedAtUnixMs: BigInt(revoked),
  }) as Certificate;
const token = (id: string, state: string, created: number) =>
  ({ id, node: 'n', state, createdAtUnixMs: BigInt(created) }) as Token;
const ev = (kind: WatchEventKind, revision: number, payload: { token?: Token; certificate?: Certificate } = {}) => ({
  watch: { kind, revision: BigInt(revision), resetReason: ResetReason.RESET_REASON_UNSPECIFIED },
  ...payload,
});

describe('keys console state', () => {
  it('folds the snapshot and changes by token id and certificate serial; RESET forgets all', () => {
    let s = applyKeysEvent(EMPTY, ev(WatchEventKind.WATCH_EVENT_KIND_RESET, 5));
    s = applyKeysEvent(s, ev(WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT, 5, { token: token('t1', 'live', 1) }));
    s = applyKeysEvent(s, ev(WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT, 5, { certificate: cert('a', 'n1', 'x509', 1) }));
    s = applyKeysEvent(s, ev(WatchEventKind.WATCH_EVENT_KIND_SYNCED, 5));
    s = applyKeysEvent(s, ev(WatchEventKind.WATCH_EVENT_KIND_CHANGE, 6, { token: token('t2', 'live', 2) }));
    s = applyKeysEvent(s, ev(WatchEventKind.WATCH_EVENT_KIND_CHANGE, 7, { token: token('t1', 'used', 1) }));
    s = applyKeysEvent(s, ev(WatchEventKind.WATCH_EVENT_KIND_CHANGE, 8, { certificate: cert('b', 'n1', 'x509', 9) }));
    s = applyKeysEvent(
      s,
      ev(WatchEventKind.WATCH_EVENT_KIND_CHANGE, 9, { certificate: cert('a', 'n1', 'x509', 1, 3) }),
    );
    expect(sortedTokens(s).map((t) => `${t.id} ${t.state}`)).toEqual(['t2 live', 't1 used']);
    expect(s.certs.get('a')?.revokedAtUnixMs).toBe(3n);
    expect(nodesOf(s).map((n) => [n.node, n.identity?.serial])).toEqual([['n1', 'b']]);
    expect(s.revision).toBe(9n);
    s = applyKeysEvent(s, ev(WatchEventKind.WATCH_EVENT_KIND_RESET, 20));
    expect([s.tokens.size, s.certs.size, s.synced]).toEqual([0, 0, false]);
  });

  it('names a certificate valid, expired or revoked, and says how far its expiry is', () => {
    expect(certState(cert('a', 'n', 'x509', 0), 500)).toBe('valid');
    expect(certState(cert('a', 'n', 'x509', 0), 1000)).toBe('expired');
    expect(certState(cert('a', 'n', 'x509', 0, 1), 500)).toBe('revoked');
    expect(relative(BigInt(7 * 86_400_000), 3_600_000)).toBe('in 6 d 23 h');
    expect(relative(0n, 42 * 60_000)).toBe('42 min ago');
    expect(relative(BigInt(3 * 3_600_000 + 60_000), 0)).toBe('in 3 h 1 min');
  });
});
