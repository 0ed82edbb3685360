import type { Target } from '../../engine/types.ts';

/**
 * Where k3s's documented air-gap install puts things (docs.k3s.io/installation/airgap): the binary
 * in /usr/local/bin, the images tarballs in the agent's images dir (imported at start), settings in
 * /etc/rancher/k3s/config.yaml (every key is a command-line flag without its dashes). The token
 * and the datastore client certificate are Paddock's files beside it, named by config.yaml.
 */
export const K3S = {
  binary: '/usr/local/bin/k3s',
  images: '/var/lib/rancher/k3s/agent/images',
  config: '/etc/rancher/k3s/config.yaml',
  token: '/etc/rancher/k3s/token',
  kubeconfig: '/etc/rancher/k3s/k3s.yaml',
  /** k3s writes the cluster's token here (K10<CA hash>::server:<token>) once it started. */
  serverToken: '/var/lib/rancher/k3s/server/token',
  /** An agent's kubelet certificate: k3s fetches it from a server with the token. */
  agentCert: '/var/lib/rancher/k3s/agent/client-kubelet.crt',
  datastore: {
    key: '/etc/rancher/k3s/datastore/client.key',
    cert: '/etc/rancher/k3s/datastore/client.crt',
    ca: '/etc/rancher/k3s/datastore/ca.crt',
  },
  pid: '/run/paddock/k3s.pid',
  log: '/var/log/paddock/k3s.log',
} as const;

export type K3sRole = 'first-server' | 'server' | 'agent';

export interface K3sNode {
  target: Target;
  /** The host's overlay address: --node-ip, and what the others join. */
  address: string;
}

export interface K3sNodeConfig {
  node: K3sNode;
  role: K3sRole;
  /** The overlay's bridge on the host: --flannel-iface. */
  iface: string;
  /** https://FIRST-SERVER:6443, for joining servers (embedded etcd) and agents. */
  join?: string;
  /** Client URLs of the external etcd; servers then share it instead of embedded etcd. */
  datastore?: string[];
}

/**
 * The node's config.yaml: flags as keys (k3s's configuration file). The token is never in it,
 * only the path of the 0600 file holding it (--token-file), so config.yaml and every plan, log
 * and process list that shows it are free of the secret. Pure.
 */
export function k3sConfig(c: K3sNodeConfig): string {
  const entries: [string, string | boolean | string[]][] = [
    ['token-file', K3S.token],
    ['node-name', c.node.target.name],
    ['node-ip', c.node.address],
    ['flannel-iface', c.iface],
  ];
  if (c.role !== 'agent') {
    entries.push(['advertise-address', c.node.address], ['tls-san', [c.node.address]]);
    entries.push(['write-kubeconfig-mode', '0600']);
    if (c.datastore) {
      entries.push(['datastore-endpoint', c.datastore.join(',')]);
      entries.push(['datastore-cafile', K3S.datastore.ca]);
      entries.push(['datastore-certfile', K3S.datastore.cert]);
      entries.push(['datastore-keyfile', K3S.datastore.key]);
    } else if (c.role === 'first-server') entries.push(['cluster-init', true]);
  }
  // Servers on an external datastore all talk to it; only agents and embedded-etcd joiners need a server.
  if (c.role === 'agent' || (c.role === 'server' && !c.datastore)) {
    if (!c.join) throw new Error(`k3s ${c.node.target.name}: a ${c.role} needs a server to join`);
    entries.push(['server', c.join]);
  }
  const lines = ['# Written by paddock deploy k3s; k3s reads it at start. Changes here are overwritten.'];
  for (const [k, v] of entries) {
    if (Array.isArray(v)) lines.push(`${k}:`, ...v.map((x) => `  - ${JSON.stringify(x)}`));
    else lines.push(`${k}: ${typeof v === 'boolean' ? String(v) : JSON.stringify(v)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** https://ADDRESS:6443, the supervisor and API port of a server. */
export const serverUrl = (n: K3sNode): string => `https://${n.address}:6443`;

/**
 * The admin kubeconfig k3s writes on a server points at https://127.0.0.1:6443; the admin's copy
 * points at the server's overlay address instead (which k3s's serving certificate names, as
 * --tls-san). Pure.
 */
export function adminKubeconfig(onServer: string, server: K3sNode): string {
  const out = onServer.replace(
    /(server:\s*)https:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):6443/g,
    `$1${serverUrl(server)}`,
  );
  if (!out.includes(serverUrl(server))) throw new Error('the kubeconfig k3s wrote names no local server URL');
  return out;
}
