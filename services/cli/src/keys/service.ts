import type { StoreTarget } from '@paddock/etcd';
import { createKeys, type EnrolAttempt, type KeysHandle, type KeysServeConfig, keysConfigSchema } from '@paddock/keys';
import { serverRun } from '../serve.ts';

/**
 * The keys service from its parsed configuration; under `paddock up`, with the process's store
 * (on etcd, tokens, certificate records and the authorities are the site's, shared).
 */
export function keysService(
  config: KeysServeConfig & { store?: StoreTarget; site?: string },
  onAttempt?: (a: EnrolAttempt) => void,
): KeysHandle {
  return createKeys({
    passphrase: { file: config.keysPassphraseFile, text: config.keysPassphrase },
    ...(config.keysNodeCertTtl ? { settings: { nodeCertTtl: config.keysNodeCertTtl } } : {}),
    ...(onAttempt ? { onAttempt } : {}),
    ...(config.store && config.site ? { store: { target: config.store, site: config.site } } : {}),
  });
}

/** `paddock keys serve`'s run: the keys server, loaded only when that verb runs. */
export const run = serverRun(keysConfigSchema.shape, (config) => [keysService(config)]);
