import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionsToProto } from '@paddock/deploy-service';
import { resolveOptions } from '@paddock/deploy-service/request';
import type { StartDeploymentRequest } from '@paddock/proto/deploy/v1/deploy.ts';
import { enrolScript, REPO_ROOT } from './machine-image.ts';

/**
 * What `paddock demo --cluster N` runs on its machines once they are ready: the node image's
 * `cluster` profile carries etcd, etcdctl, Python and the overlay's kernel drivers; the agent's
 * Node.js runtime and code are pushed by the overlay deployment (`agentBundle`).
 */
export const CLUSTER_LABEL = 'demo=true';
/** The overlay's own addresses, apart from the lab's (10.99.0.0/24 by default, the deployers' default overlay subnet too). */
export const CLUSTER_OVERLAY = { subnet: '10.231.0.0/24', transit: '10.230.0.0/24' };
export const CLUSTER_NAME = 'demo';

/**
 * The node image the cluster's machines boot: the `cluster` profile, and an enrolment hook that
 * first loads the overlay's drivers (the image's init loads only the drivers of the devices
 * present, and wireguard-go opens /dev/net/tun, which exists once tun is loaded).
 */
export const clusterImage = () => ({
  profile: 'cluster',
  enrolScript: enrolScript('modprobe -a tun vxlan bridge'),
});

/**
 * THE K3S STAND-IN, NOT K3S: no package registry reachable here ships k3s, so the demo installs
 * the deployers' stand-in (a Python script honouring the command line, files and /readyz
 * the deployer relies on) as the bundle's k3s binary, with a placeholder images tarball.
 */
export const K3S_STANDIN = join(REPO_ROOT, 'deployers', 'k3s-standin', 'k3s-standin');

export function standInBundle(dir: string): string {
  mkdirSync(dir, { recursive: true });
  copyFileSync(K3S_STANDIN, join(dir, 'k3s'));
  writeFileSync(join(dir, 'k3s-airgap-images-amd64.tar.zst'), 'placeholder: the k3s stand-in imports no images\n');
  return dir;
}

/**
 * The three deployments, in order, on the inventory's ready machines labelled demo=true (in name
 * order): the overlay with the pushed agent, etcd on every machine, then every machine a k3s
 * server (up to three; the rest agents) on that etcd cluster, which k3s's embedded etcd would
 * otherwise collide with on 2379/2380.
 */
export function clusterDeployments(o: { agentBundle: string; k3sBundle: string }): StartDeploymentRequest[] {
  const options = optionsToProto(
    resolveOptions({
      ...CLUSTER_OVERLAY,
      network: CLUSTER_NAME,
      cluster: CLUSTER_NAME,
      agentBundle: o.agentBundle,
      bundle: o.k3sBundle,
      datastore: CLUSTER_NAME,
    }),
  );
  return ['overlay', 'etcd', 'k3s'].map((set) => ({ set, targets: [], options, plan: false, selector: CLUSTER_LABEL }));
}
