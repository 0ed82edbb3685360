/** Files that make an etcd connection TLS: the CA to trust, and a client certificate and key. */
export interface EtcdTls {
  ca: string;
  cert?: string;
  key?: string;
}

/** Where a service keeps its state, from `--store`. */
export type StoreTarget = { kind: 'sqlite' } | { kind: 'etcd'; endpoints: string[]; prefix?: string; tls?: EtcdTls };

const USAGE = 'say sqlite, etcd://host:port[,host:port][/prefix] or etcds://…?ca=FILE[&cert=FILE&key=FILE]';

/**
 * `sqlite` (the data dir's database, the default), `etcd://host:port[,host:port…][/prefix]`, or
 * `etcds://…` for TLS with `?ca=FILE` (the CA etcd's certificate chains to) and optionally
 * `&cert=FILE&key=FILE` (a client certificate, for etcd's --client-cert-auth); anything else is
 * a sentence saying what is accepted.
 */
export function parseStoreUrl(value: string): StoreTarget | { error: string } {
  if (value === 'sqlite') return { kind: 'sqlite' };
  const m = /^(etcds?):\/\/([^/?]+)(\/[^?]*)?(?:\?(.*))?$/.exec(value);
  if (!m) return { error: `${JSON.stringify(value)} is not a store: ${USAGE}` };
  const endpoints = m[2]!.split(',');
  const bad = endpoints.find((e) => !/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(e));
  if (bad !== undefined) return { error: `etcd endpoint ${JSON.stringify(bad)} is not host:port` };
  const path = m[3]?.replace(/\/+$/, '');
  const tls = readTls(m[1] === 'etcds', new URLSearchParams(m[4] ?? ''));
  if (typeof tls === 'string') return { error: tls };
  return { kind: 'etcd', endpoints, ...(path ? { prefix: `${path}/` } : {}), ...(tls ? { tls } : {}) };
}

function readTls(secure: boolean, q: URLSearchParams): EtcdTls | undefined | string {
  const unknown = [...q.keys()].find((k) => !['ca', 'cert', 'key'].includes(k));
  if (unknown !== undefined) return `unknown etcd store parameter ${JSON.stringify(unknown)}: ca, cert and key exist`;
  const [ca, cert, key] = [q.get('ca'), q.get('cert'), q.get('key')];
  if (!secure) return ca || cert || key ? 'ca, cert and key need etcds:// (TLS)' : undefined;
  if (!ca) return 'etcds:// needs ?ca=FILE: the CA that signed the etcd servers’ certificates';
  if (!cert !== !key) return 'a client certificate needs both cert=FILE and key=FILE';
  return { ca, ...(cert && key ? { cert, key } : {}) };
}

/** The URL for a log line: endpoints and prefix, never file contents. */
export function describeTarget(t: Extract<StoreTarget, { kind: 'etcd' }>): string {
  return `${t.tls ? 'etcds' : 'etcd'}://${t.endpoints.join(',')}${t.prefix ?? ''}`;
}
