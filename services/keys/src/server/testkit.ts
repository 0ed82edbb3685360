import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@paddock/runtime';
import { openAuthorities } from '../authority/authorities.ts';
import { DEFAULT_SETTINGS, type Settings } from '../config/settings.ts';
import { MIGRATIONS } from '../store/migrations.ts';
import { SqliteKeyStore } from '../store/sqlite-key-store.ts';
import { WatchedKeyStore } from '../store/watched-key-store.ts';
import { KeyAuthority } from './key-authority.ts';
import { KeyStats } from './stats.ts';

export const TEST_PASSPHRASE = 'correct horse battery staple';

/** A key authority over a fresh temporary data dir, for tests; `cleanup` removes the dir. */
export async function testAuthority(opts: { settings?: Partial<Settings>; now?: () => number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'paddock-keys-'));
  const authorities = await openAuthorities(join(dir, 'keys'), TEST_PASSPHRASE);
  const store = new WatchedKeyStore(
    new SqliteKeyStore(openDatabase(join(dir, 'keys.db'), { migrations: MIGRATIONS, synchronous: 'NORMAL' })),
  );
  const stats = new KeyStats();
  const ka = new KeyAuthority({
    authorities,
    store,
    settings: { ...DEFAULT_SETTINGS, ...opts.settings },
    stats,
    ...(opts.now ? { now: opts.now } : {}),
  });
  return { dir, authorities, store, stats, ka, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A node's keys made as a shell agent makes them: openssl for TLS, ssh-keygen for SSH. */
export function nodeKeys(dir: string, cn: string, keyArgs = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']) {
  const key = join(dir, `${cn}.key`);
  const csr = join(dir, `${cn}.csr`);
  const ssh = join(dir, `${cn}-ssh`);
  execFileSync('openssl', ['req', '-new', ...keyArgs, '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${cn}`], {
    stdio: 'ignore',
  });
  rmSync(ssh, { force: true });
  rmSync(`${ssh}.pub`, { force: true });
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', cn, '-f', ssh]);
  return { key, csr: readFileSync(csr, 'utf8'), sshKeyFile: ssh, sshPub: readFileSync(`${ssh}.pub`, 'utf8') };
}
