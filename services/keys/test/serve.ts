import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { KeyServiceDefinition } from '@paddock/proto/keys/v1/keys.ts';
import { createClient, type RunningServer, startServer } from '@paddock/runtime';
import { createKeys, keysModule } from '../src/module.ts';
import { TEST_PASSPHRASE } from '../src/server/testkit.ts';

/**
 * A real keys server with TLS on loopback. With `clusterPki` its own certificates come from the
 * cluster CA, as `paddock keys serve` runs it; without, from a PKI of its own.
 */
export async function startKeysServer(
  dir = mkdtempSync(join(tmpdir(), 'paddock-keys-srv-')),
  o: { name?: string; clusterPki?: boolean } = {},
) {
  const keys = createKeys({ passphrase: TEST_PASSPHRASE });
  const server: RunningServer = await startServer({
    name: o.name ?? 'keys-test',
    config: {
      dataDir: dir,
      grpcListen: { host: '127.0.0.1', port: 0 },
      httpListen: { host: '127.0.0.1', port: 0 },
      insecure: false,
      hostname: 'localhost',
      logLevel: 'silent',
    },
    modules: [o.clusterPki ? keys.factory : keysModule({ passphrase: TEST_PASSPHRASE })],
    ...(o.clusterPki && keys.pki ? { pki: keys.pki } : {}),
  });
  const pki = server.pki!;
  const ssl = (cert?: { key: string; cert: string }) =>
    grpc.credentials.createSsl(
      Buffer.from(pki.caPem),
      cert ? Buffer.from(cert.key) : null,
      cert ? Buffer.from(cert.cert) : null,
    );
  const opts = { 'grpc.ssl_target_name_override': 'localhost' };
  const bearer = grpc.credentials.createFromMetadataGenerator((_p, cb) => {
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${pki.adminToken}`);
    cb(null, md);
  });
  return {
    dir,
    server,
    /** An admin client (bearer token). */
    admin: () =>
      createClient(
        KeyServiceDefinition,
        server.grpcAddress,
        grpc.credentials.combineChannelCredentials(ssl(), bearer),
        opts,
      ),
    /** A client with no credential, or with a client certificate. */
    node: (cert?: { key: string; cert: string }) =>
      createClient(KeyServiceDefinition, server.grpcAddress, ssl(cert), opts),
    ssl,
    opts,
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
