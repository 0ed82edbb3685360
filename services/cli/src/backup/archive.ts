/**
 * The backup file: a gzip'd JSON list of a data dir's files, encrypted with AES-256-GCM under a
 * key derived from the admin's passphrase by scrypt. GCM's tag makes a wrong passphrase, a
 * truncated file and a tampered one all fail before anything is written.
 * Layout: MAGIC | salt (16) | iv (12) | tag (16) | ciphertext.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

const MAGIC = Buffer.from('PADDOCK-BACKUP-1\n');
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export interface BackupFile {
  /** Relative to the data dir, with forward slashes. */
  path: string;
  mode: number;
  data: Buffer;
}

export interface Backup {
  createdAtMs: number;
  version: string;
  files: BackupFile[];
}

const keyOf = (passphrase: string, salt: Buffer) => scryptSync(passphrase, salt, 32, SCRYPT);

export function sealBackup(backup: Backup, passphrase: string): Buffer {
  const plain = gzipSync(
    JSON.stringify({
      format: 'paddock-backup',
      ...backup,
      files: backup.files.map((f) => ({ ...f, data: f.data.toString('base64') })),
    }),
  );
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(passphrase, salt), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, salt, iv, cipher.getAuthTag(), body]);
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaddockError';
  }
}

export function openBackup(sealed: Buffer, passphrase: string): Backup {
  if (sealed.length < MAGIC.length + 44 || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new BackupError('not a Paddock backup (its first bytes are not a Paddock backup header)');
  }
  const at = MAGIC.length;
  const salt = sealed.subarray(at, at + 16);
  const iv = sealed.subarray(at + 16, at + 28);
  const tag = sealed.subarray(at + 28, at + 44);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(passphrase, salt), iv);
    decipher.setAuthTag(tag);
    plain = gunzipSync(Buffer.concat([decipher.update(sealed.subarray(at + 44)), decipher.final()]));
  } catch {
    throw new BackupError('cannot open the backup: wrong passphrase, or the file is damaged or truncated');
  }
  const parsed = JSON.parse(plain.toString('utf8')) as Omit<Backup, 'files'> & {
    format: string;
    files: { path: string; mode: number; data: string }[];
  };
  if (parsed.format !== 'paddock-backup') throw new BackupError('not a Paddock backup');
  for (const f of parsed.files) {
    if (f.path.startsWith('/') || f.path.split('/').includes('..')) {
      throw new BackupError(`backup names a path outside the data dir: ${JSON.stringify(f.path)}`);
    }
  }
  return {
    createdAtMs: parsed.createdAtMs,
    version: parsed.version,
    files: parsed.files.map((f) => ({ path: f.path, mode: f.mode, data: Buffer.from(f.data, 'base64') })),
  };
}
