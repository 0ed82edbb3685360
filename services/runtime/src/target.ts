import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { PaddockError } from './errors.ts';
import { pkiPaths } from './pki-paths.ts';

/**
 * How a client reaches a server. On the server's own machine nothing needs to be given: the
 * server writes `<data-dir>/run/<name>.json` with its addresses, and the CA and admin token
 * are beside it (as kubectl finds k3s's kubeconfig).
 */
export interface ConnectOptions {
  dataDir: string;
  /** host:port of the gRPC port; found in the data dir when omitted. */
  server?: string | undefined;
  token?: string | undefined;
  /** PEM file of the CA that signed the server's certificate; `<data-dir>/pki/ca.crt` by default. */
  caFile?: string | undefined;
  insecure?: boolean | undefined;
  /** The gRPC service the caller wants, to pick the right server among several. */
  service?: string | undefined;
}

/** What `<data-dir>/run/<name>.json` says of a running server, for clients on this machine. */
export interface RunInfo {
  name: string;
  services: string[];
  grpc: string;
  http: string;
  pid: number;
  insecure: boolean;
  /** The server's local socket, when it has one: what commands on this machine dial. */
  socket?: string | undefined;
}

/**
 * Where to dial and with which credentials, as plain data: each transport (grpc-js for
 * servers, the CLI's own HTTP/2 client) makes its channel from it.
 */
export interface Target {
  address: string;
  insecure: boolean;
  /** PEM of the only CA trusted for the server's certificate. */
  caPem?: Buffer | string | undefined;
  /** Bearer token sent with every call. */
  token?: string | undefined;
  /**
   * The server's local socket, found in the data dir: dialled instead of `address` by the CLI's
   * client, with the token and without TLS (the socket is the server user's alone).
   */
  socket?: string | undefined;
  /** A client certificate and its key (PEM), for mutual TLS. */
  clientCert?: { certPem: Buffer | string; keyPem: Buffer | string } | undefined;
  run?: RunInfo | undefined;
}

/** Servers running on this machine from this data dir (stale run files of dead processes skipped). */
export function runningServers(dataDir: string): RunInfo[] {
  const dir = join(dataDir, 'run');
  if (!existsSync(dir)) return [];
  const out: RunInfo[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    try {
      const info = JSON.parse(readFileSync(join(dir, f), 'utf8')) as RunInfo;
      process.kill(info.pid, 0);
      out.push(info);
    } catch {
      // unreadable, or its process is gone
    }
  }
  return out;
}

/** The target the options point at: a server found in the data dir, with its CA and admin token. */
export function resolveTarget(opts: ConnectOptions): Target {
  let address = opts.server;
  let insecure = opts.insecure ?? false;
  let run: RunInfo | undefined;
  if (!address) {
    const servers = runningServers(opts.dataDir);
    run = servers.find((s) => !opts.service || s.services.includes(opts.service));
    if (!run) {
      const what = opts.service ? `offering ${opts.service} ` : '';
      throw new PaddockError(
        'unavailable',
        `no Paddock server ${what}is running from ${opts.dataDir} (give --server and --token, or --data-dir)`,
      );
    }
    address = run.grpc;
    insecure = run.insecure;
  }
  const socket = run?.socket;
  if (insecure) return { address, insecure, ...(run && { run }), ...(socket && { socket }) };
  const paths = pkiPaths(opts.dataDir);
  const token = opts.token ?? readSecret(paths.adminToken, 'admin token');
  const caPem = readSecret(opts.caFile ?? paths.caCert, 'CA certificate');
  return { address, insecure, caPem, token, ...(run && { run }), ...(socket && { socket }) };
}

/**
 * The name to check the server's certificate against when the address is an IP: TLS server
 * names cannot be IP addresses (RFC 6066 §3); our certificates always carry "localhost", and
 * only our CA is trusted, so the server is named that.
 */
export function tlsNameFor(address: string): string | undefined {
  return isIP(hostOf(address)) ? 'localhost' : undefined;
}

/** The host of host:port, [v6]:port or a bare host. */
export function hostOf(address: string): string {
  return address.replace(/^\[(.*)\](:\d+)?$/, '$1').replace(/:\d+$/, '');
}

function readSecret(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const hint = code === 'EACCES' ? " (permission denied: run as the server's user, or give --token)" : '';
    throw new PaddockError('unauthenticated', `cannot read the ${what} at ${file}${hint}`);
  }
}
