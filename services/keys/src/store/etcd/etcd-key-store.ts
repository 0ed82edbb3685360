import type { KeyValue, SyncEtcd } from '@paddock/etcd';
import type { CertRow, KeyStore, TakeResult, TokenRow } from '../key-store.ts';
import { decodeCert, decodeToken, encodeRow, type KeyRecordKeys, keyRecordKeys } from './key-records.ts';

/** How many times a change is planned again after another server changed what it read. */
const ATTEMPTS = 50;

type Txn = Parameters<SyncEtcd['txn']>[0];

/**
 * Tokens and certificates in etcd, for several Paddock servers sharing one site: a token made
 * on one server is taken on another, once. Every change reads what it touches and writes in one
 * transaction guarded by those keys' mod revisions; when another server changed one meanwhile
 * it is planned again on fresh data (compare-and-swap, no locks). A value under the prefix that
 * is not a valid row is skipped and counted, and never overwritten.
 */
export class EtcdKeyStore implements KeyStore {
  readonly #etcd: SyncEtcd;
  readonly #k: KeyRecordKeys;
  readonly #onDamaged: (key: string, reason: string) => void;
  /** Values under the prefix skipped because they are not keys records. */
  damaged = 0;

  constructor(etcd: SyncEtcd, prefix: string, onDamaged: (key: string, reason: string) => void = () => {}) {
    this.#etcd = etcd;
    this.#k = keyRecordKeys(prefix);
    this.#onDamaged = onDamaged;
  }

  addToken(t: TokenRow): void {
    const [id, hash] = [this.#k.token(t.id), this.#k.hash(t.hash)];
    const put = {
      puts: [
        { key: id, value: encodeRow(t) },
        { key: hash, value: t.id },
      ],
      deletes: [],
    };
    if (
      !this.#etcd.txn({
        compares: [
          { key: id, mod: '0' },
          { key: hash, mod: '0' },
        ],
        ...put,
      })
    )
      throw new Error(`a token with id ${t.id} or the same hash exists already`);
  }

  takeToken(hash: string, now: number): TakeResult {
    return this.#retry<TakeResult>(() => {
      const id = this.#etcd.read([{ key: this.#k.hash(hash) }])[0]![0]?.value;
      const found = id === undefined ? undefined : this.#readToken(id);
      if (!found) return { done: { kind: 'unknown' } };
      const { token, kv } = found;
      if (token.state !== 'live') return { done: { kind: token.state, token } };
      const expired = token.expiresAt <= now;
      const outcome = expired ? 'refused: expired' : 'attempted';
      const dead: TokenRow = { ...token, state: 'used', usedAt: now, outcome };
      return { txn: this.#replace([[kv, dead]]), done: { kind: expired ? 'expired' : 'taken', token: dead } };
    });
  }

  setOutcome(tokenId: string, outcome: string): void {
    this.#retry(() => {
      const found = this.#readToken(tokenId);
      return found
        ? { txn: this.#replace([[found.kv, { ...found.token, outcome }]]), done: undefined }
        : { done: undefined };
    });
  }

  listTokens(): TokenRow[] {
    return this.#tokens()
      .map((t) => t.token)
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  findToken(id: string): TokenRow | undefined {
    return this.#readToken(id)?.token;
  }

  revokeTokens(idOrNode: string): number {
    return this.#retry(() => {
      const live = this.#tokens().filter(
        ({ token: t }) => t.state === 'live' && (t.id === idOrNode || t.node === idOrNode),
      );
      const txn = this.#replace(live.map(({ kv, token }) => [kv, { ...token, state: 'revoked', outcome: 'revoked' }]));
      return { txn, done: live.length };
    });
  }

  addCerts(rows: CertRow[], tokenOutcome?: { tokenId: string; outcome: string }): void {
    this.#retry(() => {
      const held = this.#etcd.read(rows.map((c) => ({ key: this.#k.cert(c.serial) })));
      const taken = rows.find((_c, i) => held[i]!.length > 0);
      if (taken) throw new Error(`a certificate with serial ${taken.serial} is recorded already; nothing recorded`);
      const token = tokenOutcome && this.#readToken(tokenOutcome.tokenId);
      const txn = this.#replace(token ? [[token.kv, { ...token.token, outcome: tokenOutcome.outcome }]] : []);
      for (const c of rows) {
        txn.compares.push({ key: this.#k.cert(c.serial), mod: '0' });
        txn.puts.push({ key: this.#k.cert(c.serial), value: encodeRow(c) });
      }
      return { txn, done: undefined };
    });
  }

  listCerts(): CertRow[] {
    return this.#certs()
      .map((c) => c.cert)
      .sort((a, b) => a.issuedAt - b.issuedAt || (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0));
  }

  findCert(serial: string): CertRow | undefined {
    const kv = this.#etcd.read([{ key: this.#k.cert(serial) }])[0]![0];
    return kv && this.#cert(kv);
  }

  revokeCerts(serialOrSubject: string, now: number, reason: string): CertRow[] {
    return this.#retry(() => {
      const rows = this.#certs()
        .filter(
          ({ cert: c }) => c.revokedAt === undefined && (c.serial === serialOrSubject || c.subject === serialOrSubject),
        )
        .sort((a, b) => (a.cert.serial < b.cert.serial ? -1 : 1))
        .map(({ kv, cert }): [KeyValue, CertRow] => [kv, { ...cert, revokedAt: now, revokeReason: reason }]);
      return { txn: this.#replace(rows), done: rows.map(([, c]) => c) };
    });
  }

  restore(tokens: TokenRow[], certs: CertRow[]): void {
    const keys = [
      ...tokens.flatMap((t) => [
        { key: this.#k.token(t.id), value: encodeRow(t) },
        { key: this.#k.hash(t.hash), value: t.id },
      ]),
      ...certs.map((c) => ({ key: this.#k.cert(c.serial), value: encodeRow(c) })),
    ];
    const txn = { compares: keys.map(({ key }) => ({ key, mod: '0' })), puts: keys, deletes: [] };
    if (!this.#etcd.txn(txn))
      throw new Error('a token or certificate being restored is recorded already; nothing restored');
  }

  /** Plans a change until its transaction goes through; a plan without a transaction is final. */
  #retry<T>(plan: () => { txn?: Txn; done: T }): T {
    for (let i = 0; i < ATTEMPTS; i++) {
      const p = plan();
      if (!p.txn || p.txn.puts.length === 0 || this.#etcd.txn(p.txn)) return p.done;
    }
    throw new Error(`etcd at ${this.#etcd.endpoints.join(',')}: a keys change lost ${ATTEMPTS} races in a row`);
  }

  /** Rows written over the values read, each only if nobody changed it since. */
  #replace(rows: readonly (readonly [KeyValue, TokenRow | CertRow])[]): Txn {
    return {
      compares: rows.map(([kv]) => ({ key: kv.key, mod: kv.mod })),
      puts: rows.map(([kv, row]) => ({ key: kv.key, value: encodeRow(row) })),
      deletes: [],
    };
  }

  #readToken(id: string): { token: TokenRow; kv: KeyValue } | undefined {
    const kv = this.#etcd.read([{ key: this.#k.token(id) }])[0]![0];
    const token = kv && this.#token(kv);
    return token && { token, kv: kv! };
  }

  #tokens(): { token: TokenRow; kv: KeyValue }[] {
    return this.#etcd.read([this.#k.tokens])[0]!.flatMap((kv) => {
      const token = this.#token(kv);
      return token ? [{ token, kv }] : [];
    });
  }

  #certs(): { cert: CertRow; kv: KeyValue }[] {
    return this.#etcd.read([this.#k.certs])[0]!.flatMap((kv) => {
      const cert = this.#cert(kv);
      return cert ? [{ cert, kv }] : [];
    });
  }

  #token(kv: KeyValue): TokenRow | undefined {
    const t = decodeToken(kv.value);
    return 'error' in t ? this.#damage(kv.key, t.error) : t;
  }

  #cert(kv: KeyValue): CertRow | undefined {
    const c = decodeCert(kv.value);
    return 'error' in c ? this.#damage(kv.key, c.error) : c;
  }

  #damage(key: string, reason: string): undefined {
    this.damaged++;
    this.#onDamaged(key, reason);
    return undefined;
  }
}
