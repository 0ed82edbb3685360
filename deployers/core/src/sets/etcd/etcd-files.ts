import type { Target } from '../../engine/types.ts';
import { sh } from '../../steps/shell.ts';

/** Where one cluster's files live on a member; a host may be a member of several clusters. */
export function etcdPaths(cluster: string) {
  const dir = `/etc/paddock/etcd/${cluster}`;
  return {
    dir,
    key: `${dir}/member.key`,
    cert: `${dir}/member.crt`,
    ca: `${dir}/ca.crt`,
    env: `${dir}/etcd.env`,
    initial: `${dir}/initial.env`,
    data: `/var/lib/paddock/etcd/${cluster}`,
    pid: `/run/paddock/etcd-${cluster}.pid`,
    log: `/var/log/paddock/etcd-${cluster}.log`,
  };
}

export interface EtcdMemberSpec {
  target: Target;
  /** The address etcd listens on and advertises: the member's overlay address. */
  address: string;
}

export const peerUrl = (m: EtcdMemberSpec): string => `https://${m.address}:2380`;
export const clientUrl = (m: EtcdMemberSpec): string => `https://${m.address}:2379`;

/**
 * The member's settings as etcd's environment variables (etcd(1): each flag as ETCD_*), mutual
 * TLS on both the client and the peer port, certificates from the keys service's cluster CA.
 * Only what never changes for a member: the initial cluster lives in initial.env, read once.
 */
export function etcdEnv(cluster: string, m: EtcdMemberSpec): string {
  const p = etcdPaths(cluster);
  const vars: [string, string][] = [
    ['ETCD_NAME', m.target.name],
    ['ETCD_DATA_DIR', p.data],
    ['ETCD_LISTEN_PEER_URLS', peerUrl(m)],
    ['ETCD_LISTEN_CLIENT_URLS', clientUrl(m)],
    ['ETCD_ADVERTISE_CLIENT_URLS', clientUrl(m)],
    ['ETCD_INITIAL_ADVERTISE_PEER_URLS', peerUrl(m)],
    ['ETCD_INITIAL_CLUSTER_TOKEN', cluster],
    ['ETCD_CERT_FILE', p.cert],
    ['ETCD_KEY_FILE', p.key],
    ['ETCD_TRUSTED_CA_FILE', p.ca],
    ['ETCD_CLIENT_CERT_AUTH', 'true'],
    ['ETCD_PEER_CERT_FILE', p.cert],
    ['ETCD_PEER_KEY_FILE', p.key],
    ['ETCD_PEER_TRUSTED_CA_FILE', p.ca],
    ['ETCD_PEER_CLIENT_CERT_AUTH', 'true'],
    ['ETCD_STRICT_RECONFIG_CHECK', 'true'],
    // Overlay links cross WireGuard and busy hosts: etcd's tuning guide's values for slower links.
    ['ETCD_HEARTBEAT_INTERVAL', '250'],
    ['ETCD_ELECTION_TIMEOUT', '2500'],
    ['ETCD_LOGGER', 'zap'],
  ];
  return vars.map(([k, v]) => `${k}=${sh(v)}\n`).join('');
}

export function initialEnv(state: 'new' | 'existing', cluster: readonly string[]): string {
  return `ETCD_INITIAL_CLUSTER_STATE=${state}\nETCD_INITIAL_CLUSTER=${sh(cluster.join(','))}\n`;
}

/** etcdctl on a member, with that member's certificate as its client certificate. */
export function etcdctl(cluster: string, endpoints: readonly string[], args: string): string {
  const p = etcdPaths(cluster);
  return `ETCDCTL_API=3 etcdctl --endpoints=${endpoints.join(',')} --cacert=${sh(p.ca)} --cert=${sh(p.cert)} --key=${sh(p.key)} --dial-timeout=3s --command-timeout=5s ${args}`;
}

/** `etcdctl member list -w simple` lines: id, status, name, peer URLs, client URLs, is learner. */
export function parseMemberList(out: string): { id: string; name: string; peerUrl: string; clientUrl: string }[] {
  return out
    .trim()
    .split('\n')
    .filter((l) => l.includes(','))
    .map((l) => {
      const [id = '', , name = '', peer = '', client = ''] = l.split(',').map((s) => s.trim());
      return { id, name, peerUrl: peer, clientUrl: client };
    });
}
