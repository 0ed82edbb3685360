/**
 * RMCP+ cipher suites (IPMI 2.0 §22.15.2, table 22-20) Paddock speaks. Suite 0 (no
 * authentication) and the MD5 ones are refused: a BMC offering only those lets anyone on the
 * network power machines, and Paddock says so instead of connecting.
 */
export interface CipherSuite {
  id: number;
  /** Authentication algorithm numbers as sent in Open Session (table 13-17..13-19). */
  auth: number;
  integrity: number;
  confidentiality: number;
  /** The HMAC behind authentication and integrity. */
  hash: 'sha1' | 'sha256';
  /** Bytes of the RAKP 2/3 key exchange code: the full HMAC. */
  keyExchangeLength: number;
  /** Bytes of the RAKP 4 check and of each message's AuthCode: the truncated HMAC. */
  integrityLength: number;
}

export const AUTH_HMAC_SHA1 = 0x01;
export const AUTH_HMAC_SHA256 = 0x03;
export const INTEGRITY_HMAC_SHA1_96 = 0x01;
export const INTEGRITY_HMAC_SHA256_128 = 0x04;
export const CONFIDENTIALITY_AES_CBC_128 = 0x01;

const SUITES: Record<number, CipherSuite> = {
  3: {
    id: 3,
    auth: AUTH_HMAC_SHA1,
    integrity: INTEGRITY_HMAC_SHA1_96,
    confidentiality: CONFIDENTIALITY_AES_CBC_128,
    hash: 'sha1',
    keyExchangeLength: 20,
    integrityLength: 12,
  },
  17: {
    id: 17,
    auth: AUTH_HMAC_SHA256,
    integrity: INTEGRITY_HMAC_SHA256_128,
    confidentiality: CONFIDENTIALITY_AES_CBC_128,
    hash: 'sha256',
    keyExchangeLength: 32,
    integrityLength: 16,
  },
};

export const SUPPORTED_CIPHER_SUITES = Object.keys(SUITES).map(Number);

/** The suite, or a message that says why it is not used. */
export function cipherSuite(id: number): CipherSuite | string {
  const s = SUITES[id];
  if (s) return s;
  if (id === 0) return 'cipher suite 0 sends commands without authentication; Paddock refuses it';
  return `cipher suite ${id} is not supported (use ${SUPPORTED_CIPHER_SUITES.join(' or ')})`;
}
