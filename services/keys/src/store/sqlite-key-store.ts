import type { Db } from '@paddock/runtime';
import type { CertRow, KeyStore, TakeResult, TokenRow } from './key-store.ts';

type TokenRecord = {
  id: string;
  hash: string;
  node: string;
  addresses: string;
  created_at: number;
  expires_at: number;
  state: TokenRow['state'];
  used_at: number | null;
  outcome: string;
};
type CertRecord = {
  serial: string;
  kind: CertRow['kind'];
  role: string;
  subject: string;
  principals: string;
  public_key: string;
  not_before: number;
  not_after: number;
  issued_at: number;
  token_id: string;
  revoked_at: number | null;
  revoke_reason: string;
};

const toToken = (r: TokenRecord): TokenRow => ({
  id: r.id,
  hash: r.hash,
  node: r.node,
  addresses: JSON.parse(r.addresses) as string[],
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  state: r.state,
  usedAt: r.used_at ?? undefined,
  outcome: r.outcome,
});
const toCert = (r: CertRecord): CertRow => ({
  serial: r.serial,
  kind: r.kind,
  role: r.role,
  subject: r.subject,
  principals: JSON.parse(r.principals) as string[],
  publicKey: r.public_key,
  notBefore: r.not_before,
  notAfter: r.not_after,
  issuedAt: r.issued_at,
  tokenId: r.token_id,
  revokedAt: r.revoked_at ?? undefined,
  revokeReason: r.revoke_reason,
});

/** Tokens and certificates in keys.db. Each method is one transaction. */
export class SqliteKeyStore implements KeyStore {
  readonly #db: Db;
  readonly #q;

  constructor(db: Db) {
    this.#db = db;
    this.#q = {
      addToken: db.prepare(
        `INSERT INTO tokens (id, hash, node, addresses, created_at, expires_at, state, used_at, outcome)
         VALUES (@id, @hash, @node, @addresses, @createdAt, @expiresAt, @state, NULL, '')`,
      ),
      tokenByHash: db.prepare<[string], TokenRecord>('SELECT * FROM tokens WHERE hash = ?'),
      useToken: db.prepare(`UPDATE tokens SET state = 'used', used_at = ?, outcome = ? WHERE id = ?`),
      setOutcome: db.prepare('UPDATE tokens SET outcome = ? WHERE id = ?'),
      findToken: db.prepare<[string], TokenRecord>('SELECT * FROM tokens WHERE id = ?'),
      listTokens: db.prepare<[], TokenRecord>('SELECT * FROM tokens ORDER BY created_at, id'),
      revokeTokens: db.prepare(
        `UPDATE tokens SET state = 'revoked', outcome = 'revoked' WHERE state = 'live' AND (id = ? OR node = ?)`,
      ),
      addCert: db.prepare(
        `INSERT INTO certs (serial, kind, role, subject, principals, public_key, not_before, not_after, issued_at, token_id)
         VALUES (@serial, @kind, @role, @subject, @principals, @publicKey, @notBefore, @notAfter, @issuedAt, @tokenId)`,
      ),
      listCerts: db.prepare<[], CertRecord>('SELECT * FROM certs ORDER BY issued_at, serial'),
      findCert: db.prepare<[string], CertRecord>('SELECT * FROM certs WHERE serial = ?'),
      toRevoke: db.prepare<[string, string], CertRecord>(
        'SELECT * FROM certs WHERE revoked_at IS NULL AND (serial = ? OR subject = ?)',
      ),
      revoke: db.prepare('UPDATE certs SET revoked_at = ?, revoke_reason = ? WHERE serial = ?'),
    };
  }

  addToken(t: TokenRow): void {
    this.#q.addToken.run({ ...t, addresses: JSON.stringify(t.addresses) });
  }

  takeToken(hash: string, now: number): TakeResult {
    return this.#db.transaction((): TakeResult => {
      const r = this.#q.tokenByHash.get(hash);
      if (!r) return { kind: 'unknown' };
      const token = toToken(r);
      if (token.state !== 'live') return { kind: token.state, token };
      const expired = token.expiresAt <= now;
      const outcome = expired ? 'refused: expired' : 'attempted';
      this.#q.useToken.run(now, outcome, token.id);
      const dead = { ...token, state: 'used' as const, usedAt: now, outcome };
      return expired ? { kind: 'expired', token: dead } : { kind: 'taken', token: dead };
    })();
  }

  setOutcome(tokenId: string, outcome: string): void {
    this.#q.setOutcome.run(outcome, tokenId);
  }

  listTokens(): TokenRow[] {
    return this.#q.listTokens.all().map(toToken);
  }

  findToken(id: string): TokenRow | undefined {
    const r = this.#q.findToken.get(id);
    return r && toToken(r);
  }

  revokeTokens(idOrNode: string): number {
    return this.#q.revokeTokens.run(idOrNode, idOrNode).changes;
  }

  addCerts(rows: CertRow[], tokenOutcome?: { tokenId: string; outcome: string }): void {
    this.#db.transaction(() => {
      for (const c of rows) this.#q.addCert.run({ ...c, principals: JSON.stringify(c.principals) });
      if (tokenOutcome) this.#q.setOutcome.run(tokenOutcome.outcome, tokenOutcome.tokenId);
    })();
  }

  listCerts(): CertRow[] {
    return this.#q.listCerts.all().map(toCert);
  }

  findCert(serial: string): CertRow | undefined {
    const r = this.#q.findCert.get(serial);
    return r && toCert(r);
  }

  restore(tokens: TokenRow[], certs: CertRow[]): void {
    const token = this.#db.prepare(
      `INSERT INTO tokens (id, hash, node, addresses, created_at, expires_at, state, used_at, outcome)
       VALUES (@id, @hash, @node, @addresses, @createdAt, @expiresAt, @state, @usedAt, @outcome)`,
    );
    const cert = this.#db.prepare(
      `INSERT INTO certs (serial, kind, role, subject, principals, public_key, not_before, not_after, issued_at, token_id, revoked_at, revoke_reason)
       VALUES (@serial, @kind, @role, @subject, @principals, @publicKey, @notBefore, @notAfter, @issuedAt, @tokenId, @revokedAt, @revokeReason)`,
    );
    this.#db.transaction(() => {
      for (const t of tokens) token.run({ ...t, addresses: JSON.stringify(t.addresses), usedAt: t.usedAt ?? null });
      for (const c of certs)
        cert.run({ ...c, principals: JSON.stringify(c.principals), revokedAt: c.revokedAt ?? null });
    })();
  }

  revokeCerts(serialOrSubject: string, now: number, reason: string): CertRow[] {
    return this.#db.transaction(() => {
      const rows = this.#q.toRevoke.all(serialOrSubject, serialOrSubject).map(toCert);
      for (const c of rows) this.#q.revoke.run(now, reason, c.serial);
      return rows.map((c) => ({ ...c, revokedAt: now, revokeReason: reason }));
    })();
  }
}
