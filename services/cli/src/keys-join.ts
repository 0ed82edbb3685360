import { existsSync } from 'node:fs';
import type { JoinCode } from '@paddock/keys';
import { ConfigError, type ModuleFactory, type PkiSource, pkiPaths, type ServiceHandle } from '@paddock/runtime';

/**
 * Where a server joined to the site's keys service (`--keys-join`, or a data dir that joined
 * before) gets its certificate and follows the site's CAs and revocations: for every service
 * alike, added here where servers are composed. The keys package loads only then.
 */
export async function joinedKeys(
  config: { dataDir: string; insecure: boolean; keysJoin?: string | undefined },
  services: readonly ServiceHandle[],
): Promise<{ pki: PkiSource; factory: ModuleFactory } | undefined> {
  if (!config.keysJoin && !existsSync(pkiPaths(config.dataDir).keysServer)) return undefined;
  if (config.insecure) throw new ConfigError('--keys-join gives this server a certificate: drop --insecure');
  if (services.some((s) => s.pki))
    throw new ConfigError(
      'this server runs the keys service itself, which issues its certificate: --keys-join is for a service elsewhere',
    );
  const keys = await import('./keys-joined.ts');
  let code: JoinCode | undefined;
  if (config.keysJoin) {
    const parsed = keys.parseJoinCode(config.keysJoin);
    if (!parsed.ok) throw new ConfigError(`--keys-join: ${parsed.reason}`);
    code = parsed.value;
  }
  return { pki: keys.joinedPki(code), factory: keys.joinedModule() };
}
