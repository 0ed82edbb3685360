import { readFileSync } from 'node:fs';
import { KeyServiceDefinition } from '@paddock/proto/keys/v1/keys.ts';
import { type Client, PaddockError } from '@paddock/runtime';
import { type ClientFlags, clientFor, connectWith } from '../client-options.ts';

export type KeysClient = Client<typeof KeyServiceDefinition>;

/** Runs `fn` with a KeyService client for the server the flags point at (as an admin). */
export async function withKeys<T>(flags: ClientFlags, fn: (c: KeysClient) => Promise<T>): Promise<T> {
  const client = await clientFor(KeyServiceDefinition, flags);
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

/**
 * A KeyService client for a node: TLS with the given CA, and no credential but its token
 * (enrol) or its current identity as client certificate (renew).
 */
export async function withNodeKeys<T>(
  opts: { server: string; ca: string; cert?: { certFile: string; keyFile: string } },
  fn: (c: KeysClient) => Promise<T>,
): Promise<T> {
  const read = (f: string) => {
    try {
      return readFileSync(f);
    } catch (err) {
      throw new PaddockError('invalidArgument', `cannot read ${f}: ${(err as Error).message}`);
    }
  };
  const server = await connectWith({
    address: opts.server,
    insecure: false,
    caPem: read(opts.ca),
    ...(opts.cert && { clientCert: { certPem: read(opts.cert.certFile), keyPem: read(opts.cert.keyFile) } }),
  });
  const client = server.client(KeyServiceDefinition);
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}
