import type { Certificate, Token, WatchKeysResponse } from '@paddock/proto/keys/v1/keys.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';

/** The console's copy of the keys service's tokens and certificates, folded from WatchKeys (pure). */
export interface KeysState {
  tokens: ReadonlyMap<string, Token>;
  certs: ReadonlyMap<string, Certificate>;
  revision: bigint;
  synced: boolean;
}

export const EMPTY: KeysState = { tokens: new Map(), certs: new Map(), revision: 0n, synced: false };

export function applyKeysEvent(s: KeysState, e: WatchKeysResponse): KeysState {
  const w = e.watch;
  switch (w?.kind) {
    case WatchEventKind.WATCH_EVENT_KIND_RESET:
      return { tokens: new Map(), certs: new Map(), revision: w.revision, synced: false };
    case WatchEventKind.WATCH_EVENT_KIND_SYNCED:
      return { ...s, revision: w.revision, synced: true };
    case WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT:
    case WatchEventKind.WATCH_EVENT_KIND_CHANGE: {
      if (e.token) return { ...s, tokens: new Map(s.tokens).set(e.token.id, e.token), revision: w.revision };
      if (e.certificate)
        return { ...s, certs: new Map(s.certs).set(e.certificate.serial, e.certificate), revision: w.revision };
      return s;
    }
    default:
      return s;
  }
}

export type CertState = 'valid' | 'expired' | 'revoked';

export const certState = (c: Certificate, now: number): CertState =>
  c.revokedAtUnixMs > 0n ? 'revoked' : Number(c.notAfterUnixMs) <= now ? 'expired' : 'valid';

/** "in 6 d 23 h", "in 42 min", "2 h ago": how far a time is from now, to the coarse unit that matters. */
export function relative(unixMs: bigint, now: number): string {
  const d = Number(unixMs) - now;
  const a = Math.abs(d) / 60_000;
  const text =
    a < 1
      ? 'under a minute'
      : a < 120
        ? `${Math.round(a)} min`
        : a < 48 * 60
          ? `${Math.floor(a / 60)} h ${Math.round(a % 60)} min`
          : `${Math.floor(a / 1440)} d ${Math.floor((a % 1440) / 60)} h`;
  return d >= 0 ? `in ${text}` : `${text} ago`;
}

/** A node: its newest identity certificate and SSH host certificate, by the certificates' subject. */
export interface NodeKeys {
  node: string;
  identity: Certificate | undefined;
  sshHost: Certificate | undefined;
}

const newer = (a: Certificate | undefined, b: Certificate) => (!a || b.issuedAtUnixMs >= a.issuedAtUnixMs ? b : a);

/** Every node that holds (or held) a certificate, by name. */
export function nodesOf(s: KeysState): NodeKeys[] {
  const nodes = new Map<string, NodeKeys>();
  for (const c of s.certs.values()) {
    if (c.role !== 'node' && c.role !== 'host') continue;
    const n = nodes.get(c.subject) ?? { node: c.subject, identity: undefined, sshHost: undefined };
    if (c.kind === 'x509') n.identity = newer(n.identity, c);
    else n.sshHost = newer(n.sshHost, c);
    nodes.set(c.subject, n);
  }
  return [...nodes.values()].sort((a, b) => a.node.localeCompare(b.node));
}

/** Newest first. */
export const sortedTokens = (s: KeysState): Token[] =>
  [...s.tokens.values()].sort((a, b) => Number(b.createdAtUnixMs - a.createdAtUnixMs) || a.id.localeCompare(b.id));

export const sortedCerts = (s: KeysState): Certificate[] =>
  [...s.certs.values()].sort((a, b) => Number(b.issuedAtUnixMs - a.issuedAtUnixMs) || a.serial.localeCompare(b.serial));
