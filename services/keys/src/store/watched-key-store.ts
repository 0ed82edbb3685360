import { RevisionLog, type WatchSource } from '@paddock/runtime';
import type { CertRow, KeyStore, TakeResult, TokenRow } from './key-store.ts';

/** One token or certificate, whole, as it is after a change (the Watch's item and change). */
export type KeyItem = { token: TokenRow; cert?: undefined } | { cert: CertRow; token?: undefined };

/**
 * A KeyStore that tells watchers of every row it changes: each committed change appends the
 * row as it now is to a revision log, which WatchKeys follows. Revisions are not stored; the
 * log starts at the start time in microseconds, so they keep growing across restarts (unless
 * a run made more than a thousand changes a millisecond) and a client resuming from before a
 * restart is older than the log keeps: it gets a RESET and a fresh snapshot, never a wrong
 * change.
 */
export class WatchedKeyStore implements KeyStore {
  readonly revisions: RevisionLog<KeyItem>;
  readonly #s: KeyStore;
  /**
   * Tokens just taken, until their outcome is written: the change is then made from the row in
   * hand rather than read back (a read per enrolment is a tenth of its cost). Bounded, in case
   * an attempt ends without an outcome.
   */
  readonly #taken = new Map<string, TokenRow>();

  constructor(inner: KeyStore, startedAt = Date.now()) {
    this.#s = inner;
    this.revisions = new RevisionLog<KeyItem>({ head: BigInt(startedAt) * 1000n });
  }

  /** Every token and certificate now, and their changes from now on. */
  source(): WatchSource<KeyItem, KeyItem> {
    return this.revisions.source(() => [
      ...this.#s.listTokens().map((token) => ({ token })),
      ...this.#s.listCerts().map((cert) => ({ cert })),
    ]);
  }

  addToken(t: TokenRow): void {
    this.#s.addToken(t);
    this.#token(t.id);
  }

  takeToken(hash: string, now: number): TakeResult {
    const r = this.#s.takeToken(hash, now);
    if (r.kind === 'taken') {
      if (this.#taken.size >= 10_000) this.#taken.delete(this.#taken.keys().next().value ?? '');
      this.#taken.set(r.token.id, r.token);
    }
    if (r.kind === 'taken' || r.kind === 'expired') this.revisions.append({ token: r.token });
    return r;
  }

  setOutcome(tokenId: string, outcome: string): void {
    this.#s.setOutcome(tokenId, outcome);
    this.#outcome(tokenId, outcome);
  }

  listTokens(): TokenRow[] {
    return this.#s.listTokens();
  }

  findToken(id: string): TokenRow | undefined {
    return this.#s.findToken(id);
  }

  revokeTokens(idOrNode: string): number {
    const live = this.#s.listTokens().filter((t) => t.state === 'live' && (t.id === idOrNode || t.node === idOrNode));
    const n = this.#s.revokeTokens(idOrNode);
    for (const t of live) this.#token(t.id);
    return n;
  }

  addCerts(rows: CertRow[], tokenOutcome?: { tokenId: string; outcome: string }): void {
    this.#s.addCerts(rows, tokenOutcome);
    for (const cert of rows) this.revisions.append({ cert });
    if (tokenOutcome) this.#outcome(tokenOutcome.tokenId, tokenOutcome.outcome);
  }

  listCerts(): CertRow[] {
    return this.#s.listCerts();
  }

  findCert(serial: string): CertRow | undefined {
    return this.#s.findCert(serial);
  }

  revokeCerts(serialOrSubject: string, now: number, reason: string): CertRow[] {
    const rows = this.#s.revokeCerts(serialOrSubject, now, reason);
    for (const cert of rows) this.revisions.append({ cert });
    return rows;
  }

  restore(tokens: TokenRow[], certs: CertRow[]): void {
    this.#s.restore(tokens, certs);
  }

  #outcome(id: string, outcome: string): void {
    const taken = this.#taken.get(id);
    this.#taken.delete(id);
    if (taken) this.revisions.append({ token: { ...taken, outcome } });
    else this.#token(id);
  }

  #token(id: string): void {
    const token = this.#s.findToken(id);
    if (token) this.revisions.append({ token });
  }
}
