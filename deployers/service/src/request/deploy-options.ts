import type { OverlayNetwork } from '@paddock/deployers';

/**
 * The options of `paddock deploy SET`, as the CLI's flags and the DeployService's StartDeployment
 * both give them. Defaults live here once; the CLI shows the same ones in its help.
 */
export interface DeployOptions {
  limit: number;
  network: string;
  subnet: string;
  transit: string;
  vni: number;
  port: number;
  /** overlay: how the hosts run the agent. */
  agent: string;
  /**
   * overlay: a directory (on the machine that runs the deployment) with `node` and
   * `overlay-agent.mjs`, pushed to each host and run from there instead of `agent`.
   */
  agentBundle?: string | undefined;
  /** etcd, k3s, crown: the cluster's name. */
  cluster: string;
  /** k3s: the air-gap bundle directory (on the machine that runs the deployment). */
  bundle?: string | undefined;
  /** k3s: comma-separated server names (default the first three hosts). */
  servers?: string | undefined;
  tokenFile?: string | undefined;
  datastore?: string | undefined;
  datastoreMembers?: string | undefined;
  /** crown: control-plane members wanted, and seconds before a dead one is replaced. */
  masters: number;
  grace: number;
}

export const DEPLOY_DEFAULTS = {
  limit: 10,
  network: 'paddock',
  subnet: '10.99.0.0/24',
  transit: '10.98.0.0/24',
  vni: 4242,
  port: 51820,
  agent: 'paddock overlay agent',
  cluster: 'paddock',
  masters: 3,
  grace: 30,
} as const satisfies Partial<DeployOptions>;

type Given = { [K in keyof DeployOptions]?: DeployOptions[K] | string | number | undefined };

/** Fills what is missing (undefined, "" or 0: the proto's zero values) with the defaults. Pure. */
export function resolveOptions(given: Given = {}): DeployOptions {
  const text = (k: keyof DeployOptions, d?: string) => {
    const v = given[k];
    return v === undefined || v === '' ? d : String(v);
  };
  const num = (k: keyof typeof DEPLOY_DEFAULTS, min: number, max: number) => {
    const v = given[k];
    if (v === undefined || v === '' || v === 0) return DEPLOY_DEFAULTS[k] as number;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`${k}: expected a whole number ${min}-${max}`);
    return n;
  };
  return {
    limit: num('limit', 1, 1000),
    network: text('network', DEPLOY_DEFAULTS.network)!,
    subnet: text('subnet', DEPLOY_DEFAULTS.subnet)!,
    transit: text('transit', DEPLOY_DEFAULTS.transit)!,
    vni: num('vni', 1, 16_777_215),
    port: num('port', 1, 65_535),
    agent: text('agent', DEPLOY_DEFAULTS.agent)!,
    agentBundle: text('agentBundle'),
    cluster: text('cluster', DEPLOY_DEFAULTS.cluster)!,
    bundle: text('bundle'),
    servers: text('servers'),
    tokenFile: text('tokenFile'),
    datastore: text('datastore'),
    datastoreMembers: text('datastoreMembers'),
    masters: num('masters', 1, 9),
    grace: num('grace', 1, 86_400),
  };
}

export function overlayNetwork(o: DeployOptions): OverlayNetwork {
  return { name: o.network, subnet: o.subnet, transit: o.transit, vni: o.vni, listenPort: o.port };
}
