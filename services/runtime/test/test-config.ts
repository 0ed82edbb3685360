import type { RuntimeConfig } from '../src/index.ts';

/**
 * The runtime configuration of this package's own server tests: loopback ports chosen by the
 * kernel, TLS and credentials on unless `insecure`. (@paddock/testkit's testServerConfig is the
 * one for other packages; it depends on this package, so these tests cannot use it.)
 */
export function runtimeTestConfig(dataDir: string, insecure = false): RuntimeConfig {
  return {
    dataDir,
    grpcListen: { host: '127.0.0.1', port: 0 },
    httpListen: { host: '127.0.0.1', port: 0 },
    insecure,
    hostname: 'paddock-test',
    logLevel: 'silent',
  };
}
