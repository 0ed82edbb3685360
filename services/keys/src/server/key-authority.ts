import { createHash, randomBytes } from 'node:crypto';
import { PaddockError } from '@paddock/runtime';
import type { Authorities } from '../authority/authorities.ts';
import { issueSsh } from '../authority/ssh-issue.ts';
import { issueX509, type X509Role } from '../authority/x509-issue.ts';
import { parseCsr } from '../codec/csr.ts';
import { formatSshPublicKey, parseSshPublicKey } from '../codec/ssh-pubkey.ts';
import { formatToken, parseToken, tokenHash } from '../codec/token-code.ts';
import type { Settings } from '../config/settings.ts';
import { decideEnrolment, decideIssue, type IssueVerdict } from '../policy/enrol.ts';
import type { Refusal } from '../policy/refusal.ts';
import type { CertRow, KeyStore, TokenRow } from '../store/key-store.ts';
import { RevocationList } from './revocation-list.ts';
import type { KeyStats } from './stats.ts';

export interface Issued {
  node: string;
  identityPem: string;
  identitySerial: string;
  notAfter: number;
  caBundlePem: string;
  sshHostCert: string;
  sshUserCaKey: string;
  sshHostCaKey: string;
}

/** One enrolment attempt with a known token: who it was for, from where, and what came of it. */
export interface EnrolAttempt {
  node: string;
  tokenId: string;
  at: number;
  ok: boolean;
  /** "enrolled from 10.0.0.5 (certificate 1f…)" or "enrolment refused from 10.0.0.9: …". */
  reason: string;
  peer: string;
}

export interface KeyAuthorityOptions {
  authorities: Authorities;
  store: KeyStore;
  settings: Settings;
  stats: KeyStats;
  /** Extra PEM certificates nodes must trust too (the CA of this server's own TLS certificate). */
  extraTrust?: string;
  /** Told of every enrolment attempt with a token bound to a node (the inventory's history). */
  onAttempt?: (a: EnrolAttempt) => void;
  now?: () => number;
}

/** The keys service's work: tokens, enrolment, renewal, admin credentials and revocation. */
export class KeyAuthority {
  readonly revoked: RevocationList;
  readonly #o: KeyAuthorityOptions;
  readonly #now: () => number;
  readonly #onRevoke = new Set<(certs: CertRow[]) => void>();

  constructor(o: KeyAuthorityOptions) {
    this.#o = o;
    this.#now = o.now ?? Date.now;
    this.revoked = new RevocationList(o.store.listCerts());
  }

  get settings(): Settings {
    return this.#o.settings;
  }

  get caBundlePem(): string {
    return [this.#o.authorities.cluster.bundlePem, this.#o.extraTrust ?? '']
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => `${p}\n`)
      .join('');
  }

  /** The public halves of the authorities, and the revoked SSH keys, for clients to install. */
  publicHalves() {
    return {
      caBundlePem: this.caBundlePem,
      sshHostCaKey: this.#o.authorities.sshHost.line,
      sshUserCaKey: this.#o.authorities.sshUser.line,
      revokedSshUserKeys: this.revoked.sshRevokedKeys('ssh-user'),
      revokedSshHostKeys: this.revoked.sshRevokedKeys('ssh-host'),
    };
  }

  createToken(node: string, addresses: string[], ttlSeconds?: number): { token: string; row: TokenRow } {
    const token = formatToken(randomBytes(13));
    const parsed = parseToken(token);
    if (!parsed.ok) throw new Error(parsed.reason);
    const now = this.#now();
    const row: TokenRow = {
      id: `tok-${randomBytes(4).toString('hex')}`,
      hash: tokenHash(parsed.value),
      node,
      addresses,
      createdAt: now,
      expiresAt: now + (ttlSeconds ?? this.#o.settings.tokenTtl) * 1000,
      state: 'live',
      usedAt: undefined,
      outcome: '',
    };
    this.#o.store.addToken(row);
    return { token, row };
  }

  /** Enrols a node: its one token is spent whatever the outcome. */
  async enrol(req: { token: string; csr: string; sshHostKey?: string; peer?: string }): Promise<Issued> {
    const t = parseToken(req.token);
    if (!t.ok) this.#refuse({ kind: 'refuse', reason: 'token-malformed', message: t.reason });
    const take = this.#o.store.takeToken(tokenHash(t.value), this.#now());
    const verdict = decideEnrolment(
      take,
      await parseCsr(req.csr),
      this.#sshKey(req.sshHostKey),
      this.#now(),
      this.#o.settings,
      req.peer,
    );
    const tokenId = take.kind === 'unknown' ? undefined : take.token.id;
    const peer = req.peer ?? 'unknown';
    const tell = (ok: boolean, reason: string) =>
      take.kind !== 'unknown' &&
      this.#o.onAttempt?.({ node: take.token.node, tokenId: take.token.id, at: this.#now(), ok, reason, peer });
    if (verdict.kind === 'refuse') {
      if (take.kind === 'taken') this.#o.store.setOutcome(take.token.id, `refused: ${verdict.reason}`);
      tell(false, `enrolment refused from ${peer}: ${verdict.message}`);
      this.#refuse(verdict);
    }
    const issued = await this.#issue(verdict, tokenId ?? '');
    tell(true, `enrolled from ${peer} (certificate ${issued.identitySerial.slice(0, 12)})`);
    return issued;
  }

  /** Renews a node's identity (and SSH host certificate) on the strength of its current one. */
  async renew(node: string, req: { csr: string; sshHostKey?: string }): Promise<Issued> {
    const current = this.#o.store
      .listCerts()
      .filter((c) => c.kind === 'x509' && c.role === 'node' && c.subject === node && c.revokedAt === undefined)
      .at(-1);
    if (!current) this.#refuse({ kind: 'refuse', reason: 'identity', message: `${node} has no current identity here` });
    const verdict = decideIssue(
      node,
      current.principals.slice(1),
      await parseCsr(req.csr),
      this.#sshKey(req.sshHostKey),
      this.#now(),
      this.#o.settings,
    );
    if (verdict.kind === 'refuse') this.#refuse(verdict);
    return this.#issue(verdict, current.tokenId);
  }

  /** A short-lived client certificate for an admin, for a key the admin keeps. */
  async adminCert(name: string, csr: string): Promise<{ pem: string; serial: string; notAfter: number }> {
    const now = this.#now();
    const verdict = decideIssue(name, [], await parseCsr(csr), undefined, now, this.#o.settings);
    if (verdict.kind === 'refuse') this.#refuse(verdict);
    const notAfter = now + this.#o.settings.adminCertTtl * 1000;
    const x = await this.#x509('admin', name, [], verdict.spki, verdict.x509.notBefore, notAfter);
    this.#o.store.addCerts([
      this.#row('x509', 'admin', name, [name], x.spkiHash, x.serial, verdict.x509.notBefore, notAfter, ''),
    ]);
    this.#o.stats.count('issued', 'x509-admin');
    return { pem: x.pem + this.#o.authorities.cluster.chainPem, serial: x.serial, notAfter };
  }

  /** A short-lived SSH user certificate for the given public key, valid for `principals`. */
  sshUserCert(publicKey: string, keyId: string, principals: string[], ttlSeconds?: number) {
    const key = this.#sshKey(publicKey);
    if (!key?.ok)
      this.#refuse({ kind: 'refuse', reason: 'ssh-key', message: key?.reason ?? 'no SSH public key given' });
    if (principals.length === 0) throw new PaddockError('invalidArgument', 'name at least one principal (login user)');
    const now = this.#now();
    const from = now - this.#o.settings.backdate * 1000;
    const until = now + Math.min(ttlSeconds ?? this.#o.settings.sshUserTtl, this.#o.settings.sshUserTtl) * 1000;
    const serial = newSshSerial();
    const { line } = issueSsh(this.#o.authorities.sshUser, {
      kind: 'user',
      key: key.value.key,
      serial,
      keyId,
      principals,
      validAfter: new Date(from),
      validBefore: new Date(until),
    });
    this.#o.store.addCerts([
      this.#row(
        'ssh-user',
        'user',
        keyId,
        principals,
        formatSshPublicKey(key.value.key),
        String(serial),
        from,
        until,
        '',
      ),
    ]);
    this.#o.stats.count('issued', 'ssh-user');
    return { certificate: line, serial: String(serial), notAfter: until };
  }

  /** Calls `listener` with the certificates of every revocation from now on (other services drop their holders). */
  onRevoke(listener: (certs: CertRow[]) => void): () => void {
    this.#onRevoke.add(listener);
    return () => this.#onRevoke.delete(listener);
  }

  /**
   * Certificates revoked elsewhere (another server of the site, as etcd's watch tells): refused
   * here from now on, and told to the listeners as a revocation here is. Those known already
   * (this server's own, echoed back) are skipped; returns the others.
   */
  learnRevoked(certs: CertRow[]): CertRow[] {
    const fresh = certs.filter((c) => c.revokedAt !== undefined && !this.revoked.has(c));
    if (fresh.length === 0) return fresh;
    this.revoked.add(fresh);
    for (const listener of [...this.#onRevoke]) listener(fresh);
    return fresh;
  }

  /** The nodes holding an identity certificate that is neither revoked nor expired (one read of the store). */
  liveIdentities(): Set<string> {
    const now = this.#now();
    const live = new Set<string>();
    for (const c of this.#o.store.listCerts())
      if (c.kind === 'x509' && c.role === 'node' && c.revokedAt === undefined && c.notAfter > now) live.add(c.subject);
    return live;
  }

  /** Revokes a certificate by serial, or every certificate and live token of a node. */
  revoke(serialOrNode: string, reason: string): { certs: CertRow[]; tokens: number } {
    const now = this.#now();
    const certs = [...new Set([serialOrNode, serialOrNode.toLowerCase()])].flatMap((k) =>
      this.#o.store.revokeCerts(k, now, reason),
    );
    const tokens = this.#o.store.revokeTokens(serialOrNode);
    if (certs.length === 0 && tokens === 0)
      throw new PaddockError(
        'notFound',
        `no unrevoked certificate or live token matches ${JSON.stringify(serialOrNode)}`,
      );
    this.revoked.add(certs);
    for (const listener of [...this.#onRevoke]) listener(certs);
    return { certs, tokens };
  }

  #sshKey(line: string | undefined) {
    return line ? parseSshPublicKey(line) : undefined;
  }

  #refuse(r: Refusal): never {
    this.#o.stats.count('refused', r.reason);
    throw new PaddockError(
      r.reason.startsWith('token') || r.reason === 'identity' ? 'permissionDenied' : 'invalidArgument',
      r.message,
    );
  }

  async #issue(v: IssueVerdict, tokenId: string): Promise<Issued> {
    const a = this.#o.authorities;
    const x = await this.#x509('node', v.node, v.addresses, v.spki, v.x509.notBefore, v.x509.notAfter);
    const principals = [v.node, ...v.addresses];
    const rows = [
      this.#row('x509', 'node', v.node, principals, x.spkiHash, x.serial, v.x509.notBefore, v.x509.notAfter, tokenId),
    ];
    let sshHostCert = '';
    if (v.sshHostKey) {
      const serial = newSshSerial();
      sshHostCert = issueSsh(a.sshHost, {
        kind: 'host',
        key: v.sshHostKey,
        serial,
        keyId: v.node,
        principals,
        validAfter: new Date(v.sshHost.notBefore),
        validBefore: new Date(v.sshHost.notAfter),
      }).line;
      rows.push(
        this.#row(
          'ssh-host',
          'host',
          v.node,
          principals,
          formatSshPublicKey(v.sshHostKey),
          String(serial),
          v.sshHost.notBefore,
          v.sshHost.notAfter,
          tokenId,
        ),
      );
    }
    this.#o.store.addCerts(rows, tokenId ? { tokenId, outcome: 'enrolled' } : undefined);
    for (const r of rows) this.#o.stats.count('issued', `${r.kind}-${r.role}`);
    return {
      node: v.node,
      identityPem: x.pem + a.cluster.chainPem,
      identitySerial: x.serial,
      notAfter: v.x509.notAfter,
      caBundlePem: this.caBundlePem,
      sshHostCert,
      sshUserCaKey: a.sshUser.line,
      sshHostCaKey: a.sshHost.line,
    };
  }

  async #x509(
    role: X509Role,
    name: string,
    addresses: string[],
    spki: Uint8Array,
    notBefore: number,
    notAfter: number,
  ) {
    const x = await issueX509(this.#o.authorities, {
      role,
      name,
      addresses,
      spki,
      notBefore: new Date(notBefore),
      notAfter: new Date(notAfter),
    });
    return { ...x, spkiHash: createHash('sha256').update(spki).digest('hex') };
  }

  #row(
    kind: CertRow['kind'],
    role: string,
    subject: string,
    principals: string[],
    publicKey: string,
    serial: string,
    notBefore: number,
    notAfter: number,
    tokenId: string,
  ): CertRow {
    return {
      serial,
      kind,
      role,
      subject,
      principals,
      publicKey,
      notBefore,
      notAfter,
      issuedAt: this.#now(),
      tokenId,
      revokedAt: undefined,
      revokeReason: '',
    };
  }
}

/** SSH serials are 64-bit; 63 random bits keep them clear of sign trouble in other tools. */
export const newSshSerial = () => randomBytes(8).readBigUInt64BE() >> 1n;
