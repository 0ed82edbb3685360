/** A bootstrap token as stored: never the token itself, only its hash. */
export interface TokenRow {
  id: string;
  hash: string;
  node: string;
  addresses: string[];
  createdAt: number;
  expiresAt: number;
  state: 'live' | 'used' | 'revoked';
  usedAt: number | undefined;
  /** What the one attempt came to ("enrolled", or the refusal's reason). */
  outcome: string;
}

export type CertKind = 'x509' | 'ssh-host' | 'ssh-user';

export interface CertRow {
  serial: string;
  kind: CertKind;
  /** node or admin (x509), host or user (ssh). */
  role: string;
  /** The node's name, or the admin's / key id. */
  subject: string;
  principals: string[];
  /** SHA-256 of the SPKI (x509) or the OpenSSH public key line (ssh), for revocation lists. */
  publicKey: string;
  notBefore: number;
  notAfter: number;
  issuedAt: number;
  tokenId: string;
  revokedAt: number | undefined;
  revokeReason: string;
}

/**
 * Taking a token: found and live (now dead), or why not. Every found token is dead afterwards;
 * a token taken or expired comes back as it is now stored.
 */
export type TakeResult =
  | { kind: 'taken'; token: TokenRow }
  | { kind: 'unknown' }
  | { kind: 'used' | 'revoked' | 'expired'; token: TokenRow };

export interface KeyStore {
  addToken(t: TokenRow): void;
  /** Atomically marks the token with this hash used, whatever state it was in. */
  takeToken(hash: string, now: number): TakeResult;
  setOutcome(tokenId: string, outcome: string): void;
  listTokens(): TokenRow[];
  findToken(id: string): TokenRow | undefined;
  /** Revokes a token by id or node name; returns how many were live. */
  revokeTokens(idOrNode: string): number;
  addCerts(rows: CertRow[], tokenOutcome?: { tokenId: string; outcome: string }): void;
  listCerts(): CertRow[];
  findCert(serial: string): CertRow | undefined;
  /** Revokes by serial, or every unrevoked certificate of a subject; returns the rows revoked. */
  revokeCerts(serialOrSubject: string, now: number, reason: string): CertRow[];
  /** Rows exactly as given (`paddock store copy`), all or none; an id or serial held already refuses them. */
  restore(tokens: TokenRow[], certs: CertRow[]): void;
}
