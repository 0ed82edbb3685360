import { createKeys, type EnrolAttempt, type KeysHandle, type KeysServeConfig, keysConfigSchema } from '@paddock/keys';
import { serverRun } from '../serve.ts';

/** The keys service from its parsed configuration. */
export function keysService(config: KeysServeConfig, onAttempt?: (a: EnrolAttempt) => void): KeysHandle {
  return createKeys({
    passphrase: { file: config.keysPassphraseFile, text: config.keysPassphrase },
    ...(config.keysNodeCertTtl ? { settings: { nodeCertTtl: config.keysNodeCertTtl } } : {}),
    ...(onAttempt ? { onAttempt } : {}),
  });
}

/** `paddock keys serve`'s run: the keys server, loaded only when that verb runs. */
export const run = serverRun(keysConfigSchema.shape, (config) => [keysService(config)]);
