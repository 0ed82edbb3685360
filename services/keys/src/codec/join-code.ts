import type { Parsed } from './ssh-pubkey.ts';
import { parseToken } from './token-code.ts';

/**
 * What a service needs to join a site, in one flag (`--keys-join`), as `kubeadm join` takes a
 * token and the CA's hash: the keys service's HTTPS URL, a bootstrap token bound to the
 * service's name, and the SHA-256 of the CA bundle that URL serves. The bundle is fetched over
 * a connection not yet trusted, and used only when its hash matches: nothing is trusted on
 * first use. Text: "pdj-" + base64url of a small JSON object.
 */
export interface JoinCode {
  url: string;
  node: string;
  token: string;
  caSha256: string;
}

export const JOIN_PREFIX = 'pdj-';
const MAX_INPUT = 2048;

export function formatJoinCode(j: JoinCode): string {
  const body = { u: j.url, n: j.node, t: j.token, c: j.caSha256 };
  return `${JOIN_PREFIX}${Buffer.from(JSON.stringify(body)).toString('base64url')}`;
}

/** The join code, or one sentence on what is wrong with the text (never throws). */
export function parseJoinCode(text: string): Parsed<JoinCode> {
  const trimmed = text.trim();
  if (trimmed.length > MAX_INPUT)
    return { ok: false, reason: `join code is ${trimmed.length} characters, far too long` };
  if (!trimmed.startsWith(JOIN_PREFIX))
    return { ok: false, reason: `a join code starts with "${JOIN_PREFIX}" (print one with paddock keys join NAME)` };
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(trimmed.slice(JOIN_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'join code is damaged (truncated or mistyped): ask for a new one' };
  }
  const d = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
  const [url, node, token, caSha256] = [d['u'], d['n'], d['t'], d['c']].map((v) => (typeof v === 'string' ? v : ''));
  if (!url || !node || !token || !caSha256) return { ok: false, reason: 'join code lacks a part: ask for a new one' };
  if (!/^https:\/\/[^\s/]+$/.test(url))
    return { ok: false, reason: `join code's keys URL ${url} is not https://host:port` };
  if (!/^[0-9a-f]{64}$/.test(caSha256)) return { ok: false, reason: "join code's CA fingerprint is not a SHA-256" };
  const t = parseToken(token);
  if (!t.ok) return { ok: false, reason: `join code's token: ${t.reason}` };
  return { ok: true, value: { url, node, token, caSha256 } };
}
