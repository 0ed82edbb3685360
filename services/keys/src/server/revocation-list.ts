import type { X509Certificate } from 'node:crypto';
import type { CertRow } from '../store/key-store.ts';

/**
 * The revoked certificates, in memory for the hot path: every authenticated call asks whether
 * its client certificate's serial is here. Loaded from the store at start, added to on revoke.
 */
export class RevocationList {
  readonly #x509 = new Set<string>();
  readonly #ssh = new Map<string, CertRow>();

  constructor(rows: CertRow[]) {
    this.add(rows.filter((r) => r.revokedAt !== undefined));
  }

  add(rows: CertRow[]): void {
    for (const r of rows) {
      if (r.kind === 'x509') this.#x509.add(normalSerial(r.serial));
      else this.#ssh.set(r.serial, r);
    }
  }

  /** Whether this certificate's row is among the revoked. */
  has(row: CertRow): boolean {
    return row.kind === 'x509' ? this.#x509.has(normalSerial(row.serial)) : this.#ssh.has(row.serial);
  }

  /** How many certificates are revoked (X.509 and SSH). */
  get size(): number {
    return this.#x509.size + this.#ssh.size;
  }

  isRevoked(cert: X509Certificate): boolean {
    return this.#x509.has(normalSerial(cert.serialNumber));
  }

  /** The revoked X.509 serials (normalised), for services that follow this authority from afar. */
  x509Serials(): string[] {
    return [...this.#x509];
  }

  /**
   * The public keys of revoked SSH certificates, one per line: the text form OpenSSH takes for
   * sshd's RevokedKeys (and, with "@revoked * " in front, for known_hosts).
   */
  sshRevokedKeys(kind: 'ssh-host' | 'ssh-user'): string[] {
    return [...new Set([...this.#ssh.values()].filter((r) => r.kind === kind).map((r) => r.publicKey))];
  }
}

/** Serials compare as lower-case hex without leading zeros (node:crypto prints them upper-case). */
export const normalSerial = (s: string) => s.toLowerCase().replace(/^0+(?=.)/, '');
