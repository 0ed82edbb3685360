import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { OverlayServiceDefinition } from '@paddock/proto/overlay/v1/overlay.ts';
import { type Client, createClient, WATCH_KEEPALIVE } from '@paddock/runtime';

export type OverlayClient = Client<typeof OverlayServiceDefinition>;

export interface NodeCredentials {
  server: string;
  /** The CA bundle the node trusts (from its enrolment). */
  ca: string;
  /** Its identity certificate and key (from `paddock keys enroll`). */
  cert: string;
  key: string;
}

/** An OverlayService client speaking as the node: TLS with its identity certificate, nothing else. */
export function nodeClient(c: NodeCredentials): OverlayClient {
  const creds = grpc.credentials.createSsl(readFileSync(c.ca), readFileSync(c.key), readFileSync(c.cert));
  const host = c.server.replace(/^\[(.*)\](:\d+)?$/, '$1').replace(/:\d+$/, '');
  // Paddock's server certificates always name "localhost"; an IP cannot be a TLS server name (RFC 6066 §3).
  const options = { ...WATCH_KEEPALIVE, ...(isIP(host) ? { 'grpc.ssl_target_name_override': 'localhost' } : {}) };
  return createClient(OverlayServiceDefinition, c.server, creds, options);
}
