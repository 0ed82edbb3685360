import { ED25519, ED25519_CERT, encodeKeyBlob, type Parsed } from './ssh-pubkey.ts';
import { packStrings, SshReader, SshWriter, unpackStrings } from './ssh-wire.ts';

/** Certificate types (PROTOCOL.certkeys): a user certificate or a host certificate. */
export const USER_CERT = 1;
export const HOST_CERT = 2;

/**
 * An OpenSSH ssh-ed25519-cert-v01@openssh.com certificate (PROTOCOL.certkeys in OpenSSH).
 * Options and extensions are name → data, where data is the raw option payload (already
 * string-wrapped for options that carry a value, empty for flags).
 */
export interface SshCertificate {
  nonce: Uint8Array;
  key: Uint8Array;
  serial: bigint;
  type: typeof USER_CERT | typeof HOST_CERT;
  keyId: string;
  principals: string[];
  validAfter: bigint;
  validBefore: bigint;
  criticalOptions: Array<[string, Uint8Array]>;
  extensions: Array<[string, Uint8Array]>;
  /** The signing CA's Ed25519 public key. */
  signatureKey: Uint8Array;
}

export interface SignedSshCertificate extends SshCertificate {
  signature: Uint8Array;
}

/** The bytes the CA signs: every field up to and including the signature key. */
export function encodeToBeSigned(c: SshCertificate): Uint8Array {
  const w = new SshWriter()
    .string(ED25519_CERT)
    .string(c.nonce)
    .string(c.key)
    .u64(c.serial)
    .u32(c.type)
    .string(c.keyId)
    .string(packStrings(c.principals))
    .u64(c.validAfter)
    .u64(c.validBefore)
    .string(packOptions(c.criticalOptions))
    .string(packOptions(c.extensions))
    .string(new Uint8Array(0))
    .string(encodeKeyBlob(c.signatureKey));
  return w.finish();
}

/** The full certificate blob: the signed part followed by the Ed25519 signature. */
export function encodeCertificate(c: SignedSshCertificate): Uint8Array {
  const tbs = encodeToBeSigned(c);
  const sig = new SshWriter().string(ED25519).string(c.signature).finish();
  const w = new SshWriter();
  w.w.bytes(tbs);
  return w.string(sig).finish();
}

export function formatCertificate(c: SignedSshCertificate, comment = ''): string {
  const line = `${ED25519_CERT} ${Buffer.from(encodeCertificate(c)).toString('base64')}`;
  return comment ? `${line} ${comment}` : line;
}

const MAX_CERT = 16 * 1024;

/**
 * Decodes a certificate blob, returning the signed bytes too so the caller can check the
 * signature. Option names must be sorted and unique, as OpenSSH requires.
 */
export function decodeCertificate(bytes: Uint8Array): Parsed<{ cert: SignedSshCertificate; signed: Uint8Array }> {
  if (bytes.length > MAX_CERT)
    return { ok: false, reason: `SSH certificate is ${bytes.length} bytes, over ${MAX_CERT}` };
  const r = new SshReader(bytes);
  const type = r.text('certificate type');
  if (r.r.ok && type !== ED25519_CERT)
    return { ok: false, reason: `SSH certificate: type ${type.slice(0, 64)} is not ${ED25519_CERT}` };
  const nonce = r.string('nonce');
  const key = r.string('key');
  const serial = r.u64('serial');
  const certType = r.u32('cert type');
  const keyId = r.text('key id');
  const principals = unpackStrings(r.string('principals'), 'principal');
  const validAfter = r.u64('valid after');
  const validBefore = r.u64('valid before');
  const critical = unpackOptions(r.string('critical options'));
  const extensions = unpackOptions(r.string('extensions'));
  r.string('reserved');
  const caBlob = new SshReader(r.string('signature key'));
  const signedEnd = r.r.offset;
  const sig = new SshReader(r.string('signature'));
  const error =
    r.finish() ??
    principals.error ??
    critical.error ??
    extensions.error ??
    (certType !== USER_CERT && certType !== HOST_CERT
      ? `certificate type ${certType} is neither user nor host`
      : undefined) ??
    (key.length !== 32 ? `key is ${key.length} bytes, not 32` : undefined);
  if (error) return { ok: false, reason: `SSH certificate: ${error}` };
  const caType = caBlob.text('CA key type');
  const caKey = caBlob.string('CA key');
  const sigType = sig.text('signature type');
  const signature = sig.string('signature');
  const inner = caBlob.finish() ?? sig.finish();
  if (inner || caType !== ED25519 || sigType !== ED25519 || caKey.length !== 32 || signature.length !== 64)
    return { ok: false, reason: `SSH certificate: signature key or signature is not a well-formed ${ED25519} one` };
  const cert: SignedSshCertificate = {
    nonce: Uint8Array.from(nonce),
    key: Uint8Array.from(key),
    serial,
    type: certType as typeof USER_CERT,
    keyId,
    principals: principals.items.map((p) => Buffer.from(p).toString('utf8')),
    validAfter,
    validBefore,
    criticalOptions: critical.items,
    extensions: extensions.items,
    signatureKey: Uint8Array.from(caKey),
    signature: Uint8Array.from(signature),
  };
  return { ok: true, value: { cert, signed: bytes.subarray(0, signedEnd) } };
}

function packOptions(options: Array<[string, Uint8Array]>): Uint8Array {
  const sorted = [...options].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return packStrings(sorted.flat());
}

function unpackOptions(bytes: Uint8Array): { items: Array<[string, Uint8Array]>; error?: string } {
  const { items, error } = unpackStrings(bytes, 'option');
  if (error) return { items: [], error };
  if (items.length % 2 !== 0) return { items: [], error: 'option without data' };
  const out: Array<[string, Uint8Array]> = [];
  for (let i = 0; i < items.length; i += 2)
    out.push([Buffer.from(items[i]!).toString('utf8'), Uint8Array.from(items[i + 1]!)]);
  for (let i = 1; i < out.length; i++)
    if (out[i - 1]![0] >= out[i]![0]) return { items: [], error: 'options are not sorted and unique' };
  return { items: out };
}
