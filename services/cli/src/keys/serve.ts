import type { Command } from 'commander';
import { lazyServe, withServeOptions } from '../serve-options.ts';

export const KEYS_PORTS = { grpc: 7404, http: 7447 };

/** The flag naming the passphrase that seals the CA keys (servers, and `keys ca rotate`). */
export function withPassphraseOption(cmd: Command): Command {
  return cmd.option(
    '--keys-passphrase-file <file>',
    'file holding the passphrase that seals the CA keys (default: made once in <data-dir>/keys.passphrase, 0600) (PADDOCK_KEYS_PASSPHRASE_FILE; PADDOCK_KEYS_PASSPHRASE gives it inline)',
  );
}

/** Adds the keys service's flags to a server command. */
export function withKeysOptions(cmd: Command): Command {
  return withPassphraseOption(cmd).option(
    '--keys-node-cert-ttl <seconds>',
    'lifetime of the certificates of nodes and of joined services, renewed by them at two thirds (default 604800, 7 days) (PADDOCK_KEYS_NODE_CERT_TTL)',
  );
}

/** `paddock keys serve`: the keys service alone. */
export function keysServeCommand(cmd: Command): Command {
  return withKeysOptions(withServeOptions(cmd.description('run the keys service alone'), KEYS_PORTS)).action(
    lazyServe('keys', KEYS_PORTS, () => import('./service.ts')),
  );
}
