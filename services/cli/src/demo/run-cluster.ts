import { join } from 'node:path';
import { progressPrinter } from '@paddock/deployers';
import { BootServiceDefinition } from '@paddock/proto/boot/v1/boot.ts';
import { DeploymentState, DeployServiceDefinition } from '@paddock/proto/deploy/v1/deploy.ts';
import { InventoryServiceDefinition, LifecycleState, type Node } from '@paddock/proto/inventory/v1/inventory.ts';
import { connect, createClient, PaddockError } from '@paddock/runtime';
import { makeAgentBundle } from '../deploy/agent-bundle.ts';
import { startAndFollow, stateName } from '../deploy/on-server.ts';
import { clusterDeployments, clusterImage, standInBundle } from './cluster-plan.ts';
import { createMachine, powerOn, prepareBoot, waitForNode } from './machine-setup.ts';

/** The cluster's machines: the node image with its `cluster` profile needs room for etcd, Python and the pushed Node.js. */
const MACHINE = { memory_mb: '1024', cpus: '1' };

/**
 * `paddock demo --cluster N`: N QEMU machines network-boot the node image's cluster profile,
 * enrol and become ready; then the server's deploy service joins them to an overlay, runs etcd
 * on them and makes them k3s servers on it (the k3s stand-in). Returns power-on → cluster-ready
 * in milliseconds.
 */
export async function runCluster(
  dataDir: string,
  server: string,
  count: number,
  say: (line: string) => void,
): Promise<{ nodes: Node[]; ms: number }> {
  const c = connect({ dataDir, server });
  const boot = createClient(BootServiceDefinition, c.address, c.credentials, c.options);
  const inv = createClient(InventoryServiceDefinition, c.address, c.credentials, c.options);
  const deploy = createClient(DeployServiceDefinition, c.address, c.credentials, c.options);
  try {
    await prepareBoot(boot, clusterImage());
    const made = [];
    for (let i = 1; i <= count; i++) made.push(await createMachine(inv, `demo-vm${i}`, MACHINE));
    // Made while the machines boot: the agent's Node.js runtime and code, and the k3s stand-in bundle.
    const bundles = (async () => {
      const agentBundle = join(dataDir, 'deploy', 'agent-bundle');
      await makeAgentBundle(agentBundle);
      return { agentBundle, k3sBundle: standInBundle(join(dataDir, 'deploy', 'k3s-standin-bundle')) };
    })();
    bundles.catch(() => {});
    const started = Date.now();
    const on = await Promise.all(made.map((m) => powerOn(inv, m)));
    say(`powered on ${on.map((n) => n.name).join(', ')} (node image, cluster profile)`);
    // Ready comes with the enrolment, just before the image starts sshd; its phone-home (with the
    // hardware report) comes after sshd started, so a deployment can log in from then on.
    const usable = (x: Node) => x.lifecycle?.state === LifecycleState.LIFECYCLE_STATE_READY && !!x.hardware?.system;
    const nodes = await Promise.all(on.map((n) => waitForNode(inv, n.id, n.revision, usable, 600_000)));
    say(`${count} machines ready after ${((Date.now() - started) / 1000).toFixed(1)} s; deploying`);
    for (const request of clusterDeployments(await bundles)) {
      const t = Date.now();
      const last = await startAndFollow(deploy, request, { print: progressPrinter(process.stdout) });
      if (last?.state !== DeploymentState.DEPLOYMENT_STATE_SUCCEEDED) {
        const hosts = (last?.hosts ?? []).filter((h) => h.error).map((h) => `${h.name}: ${h.error}`);
        throw new PaddockError(
          'aborted',
          `deploy ${request.set} ${last ? stateName(last) : 'did not start'}${last?.error ? `: ${last.error}` : ''}${hosts.length ? ` (${hosts.join('; ')})` : ''} — paddock deploy show ${last?.id ?? ''}`,
        );
      }
      say(`  deploy ${request.set}: done in ${((Date.now() - t) / 1000).toFixed(1)} s (${last.changed} changes)`);
    }
    return { nodes, ms: Date.now() - started };
  } finally {
    boot.close();
    inv.close();
    deploy.close();
  }
}
