/** Where the inventory keeps its nodes, from `--store`. */
export type StoreTarget = { kind: 'sqlite' } | { kind: 'etcd'; endpoints: string[]; prefix?: string };

/**
 * `sqlite` (the data dir's database, the default) or `etcd://host:port[,host:port…][/prefix]`;
 * anything else is a sentence saying what is accepted.
 */
export function parseStoreUrl(value: string): StoreTarget | { error: string } {
  if (value === 'sqlite') return { kind: 'sqlite' };
  const m = /^etcd:\/\/([^/]+)(\/.*)?$/.exec(value);
  if (!m)
    return { error: `${JSON.stringify(value)} is not a store: say sqlite or etcd://host:port[,host:port][/prefix]` };
  const endpoints = m[1]!.split(',');
  const bad = endpoints.find((e) => !/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(e));
  if (bad !== undefined) return { error: `etcd endpoint ${JSON.stringify(bad)} is not host:port` };
  const path = m[2]?.replace(/\/+$/, '');
  return { kind: 'etcd', endpoints, ...(path ? { prefix: `${path}/` } : {}) };
}
