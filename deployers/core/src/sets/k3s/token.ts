import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One line of printable ASCII without spaces: k3s trims the token file, and the hosts compare it line by line. */
const TOKEN = /^[\x21-\x7e]{16,512}$/;

/**
 * The cluster's join token: read from `file`, or made once (32 random bytes, hex) and kept there
 * with mode 0600 when `create` is set (the admin's data dir). Never printed.
 */
export function loadToken(file: string, create: boolean): string {
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !create)
      throw new Error(`token file ${file}: ${(err as Error).message}`);
  }
  if (text === undefined) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const made = randomBytes(32).toString('hex');
    // wx: two runs racing never overwrite each other's token.
    writeFileSync(file, `${made}\n`, { mode: 0o600, flag: 'wx' });
    return made;
  }
  const token = text.trim();
  if (!TOKEN.test(token))
    throw new Error(`token file ${file}: expected one line of 16-512 printable characters without spaces`);
  if ((statSync(file).mode & 0o077) !== 0) throw new Error(`token file ${file}: readable by others; chmod 600 it`);
  return token;
}
