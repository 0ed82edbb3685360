import { createKeys, type EnrolAttempt, type KeysHandle, type KeysServeConfig, keysConfigSchema } from '@paddock/keys';
import { loadConfig } from '@paddock/runtime';
import type { Command } from 'commander';
import { serve, serveSchema, withServeOptions } from '../serve.ts';

export const KEYS_PORTS = { grpc: 7404, http: 7447 };

/** Adds the keys service's flag to a server command. */
export function withKeysOptions(cmd: Command): Command {
  return cmd.option(
    '--keys-passphrase-file <file>',
    'file holding the passphrase that seals the CA keys (default: made once in <data-dir>/keys.passphrase, 0600) (PADDOCK_KEYS_PASSPHRASE_FILE; PADDOCK_KEYS_PASSPHRASE gives it inline)',
  );
}

/** The keys service from its parsed configuration. */
export function keysService(config: KeysServeConfig, onAttempt?: (a: EnrolAttempt) => void): KeysHandle {
  return createKeys({
    passphrase: { file: config.keysPassphraseFile, text: config.keysPassphrase },
    ...(onAttempt ? { onAttempt } : {}),
  });
}

/** `paddock keys serve`: the keys service alone. */
export function keysServeCommand(cmd: Command): Command {
  return withKeysOptions(withServeOptions(cmd.description('run the keys service alone'), KEYS_PORTS)).action(
    async (flags: Record<string, unknown>) => {
      const config = loadConfig(serveSchema(keysConfigSchema.shape), { flags });
      await serve('keys', config, KEYS_PORTS, [keysService(config)]);
    },
  );
}
