import { createHash, X509Certificate } from 'node:crypto';
import type { KeyAuthority } from './key-authority.ts';

/** A machine as the inventory knows it, when it asks for the machine's bootstrap token. */
export interface TokenSubject {
  name: string;
  macs: string[];
  addresses: string[];
}

interface Held {
  token: string;
  tokenId: string;
  node: string;
  expiresAt: number;
}

/**
 * The tokens of machines about to boot, held in memory for the boot service to put in each
 * machine's script (the keys store has only their hashes). The inventory asks for one when a
 * machine appears or is powered on, which replaces the one before. A script fetched again
 * after the first attempt carries the spent token (dead, refused if tried) until the next
 * power-on. Tokens held are lost with the process: a machine booting after a restart gets a
 * new one at its next power-on.
 */
export class NodeTokens {
  readonly #byMac = new Map<string, Held>();
  readonly #now: () => number;
  readonly #authority: () => KeyAuthority | undefined;
  readonly #server: () => { httpUrl: string; certificatePem: string };
  #pinned: { pem: string; pin: string } = { pem: '', pin: '' };

  /**
   * `server` tells the server's HTTPS URL once it listens (its port is what machines need) and
   * the certificate it presents now (whose public key their scripts pin).
   */
  constructor(
    authority: () => KeyAuthority | undefined,
    server: () => { httpUrl: string; certificatePem: string },
    now: () => number = Date.now,
  ) {
    this.#authority = authority;
    this.#server = server;
    this.#now = now;
  }

  /** Makes a fresh token for the machine, replacing one it held; false before the keys service runs. */
  issue(s: TokenSubject): boolean {
    const ka = this.#authority();
    if (!ka || s.macs.length === 0) return false;
    const { token, row } = ka.createToken(s.name, s.addresses.slice(0, 8));
    for (const old of new Set(s.macs.map((m) => this.#byMac.get(m)).filter((h) => h !== undefined)))
      this.#dropToken(old.tokenId);
    const held = { token, tokenId: row.id, node: s.name, expiresAt: row.expiresAt };
    for (const mac of s.macs) this.#byMac.set(mac.toLowerCase(), held);
    return true;
  }

  /** The live token a machine's script carries, or undefined. */
  forMac(mac: string): Held | undefined {
    const held = this.#byMac.get(mac.toLowerCase());
    if (held && held.expiresAt <= this.#now()) {
      this.#dropToken(held.tokenId);
      return undefined;
    }
    return held;
  }

  /**
   * What a machine's script carries to enrol: its token, the keys service's HTTPS URL at the
   * address the machine reaches this server on, the SHA-256 (hex) of the CA bundle text served
   * at /keys/v1/ca.pem, which the machine checks what it downloads against, and the SHA-256
   * (base64, as curl's --pinnedpubkey takes it) of the public key this server's HTTPS port
   * presents, with which it trusts that port without downloading the CA first.
   */
  enrolment(
    mac: string,
    serverAddress: string,
  ): { token: string; node: string; keysUrl: string; caSha256: string; keysPin: string } | undefined {
    const held = this.forMac(mac);
    const ka = this.#authority();
    const server = this.#server();
    const port = URL.parse(server.httpUrl)?.port;
    if (!held || !ka || !port) return undefined;
    const host = serverAddress.includes(':') ? `[${serverAddress}]` : serverAddress;
    return {
      token: held.token,
      node: held.node,
      keysUrl: `https://${host}:${port}`,
      caSha256: createHash('sha256').update(ka.caBundlePem).digest('hex'),
      keysPin: this.#pin(server.certificatePem),
    };
  }

  /** The SHA-256 of the certificate's SubjectPublicKeyInfo, base64; '' without a certificate. */
  #pin(pem: string): string {
    if (pem !== this.#pinned.pem) {
      const spki = pem ? new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }) : undefined;
      this.#pinned = { pem, pin: spki ? createHash('sha256').update(spki).digest('base64') : '' };
    }
    return this.#pinned.pin;
  }

  #dropToken(tokenId: string): void {
    for (const [mac, h] of this.#byMac) if (h.tokenId === tokenId) this.#byMac.delete(mac);
  }
}
