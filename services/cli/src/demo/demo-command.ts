import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Node } from '@paddock/proto/inventory/v1/inventory.ts';
import { PaddockError, pkiPaths } from '@paddock/runtime';
import { numberToIPv4, parseCidr } from '@paddock/wire';
import { Command } from 'commander';
import { UP_PORTS } from '../up.ts';
import { clusterImage } from './cluster-plan.ts';
import { buildDemoLab, type DemoState, demoDir, demoExists, removeDemo, saveState } from './demo-lab.ts';
import { loopbackListener, startHelper, startUp, waitForRunFile } from './demo-processes.ts';
import { ensureBootAssets } from './machine-image.ts';
import { runCluster } from './run-cluster.ts';
import { runMachine } from './run-machine.ts';
import { findExecutableOnPath } from './which.ts';

interface DemoFlags {
  name: string;
  subnet: string;
  consolePort: string;
  grpcPort: string;
  down?: boolean;
  detach?: boolean;
  cluster?: string;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `paddock demo`: Paddock's main job on a lab network of its own. Builds the lab, runs
 * `paddock up` in it, makes a QEMU machine through the inventory, powers it on and follows it
 * to ready; then prints the console's address and credential. `--down` removes it all.
 */
export function demoCommand(): Command {
  return new Command('demo')
    .description('run the main job on a lab network of its own: a machine from power-off to ready')
    .option('--name <name>', 'demo (lab) name', 'demo')
    .option('--subnet <cidr>', "the lab's subnet; the server gets its first address", '10.99.0.0/24')
    .option('--console-port <port>', 'console port on this host (127.0.0.1; 0 picks one)', '7443')
    .option('--grpc-port <port>', 'gRPC port on this host (127.0.0.1; 0 picks one)', '7400')
    .option('--detach', 'leave the demo running and return (remove it with --down)')
    .option(
      '--cluster <n>',
      'N machines (1-9) become a cluster: overlay, etcd, k3s servers (the k3s stand-in, not k3s); prints power-on to cluster-ready',
    )
    .option('--down', 'remove everything a demo made: processes, machines, namespaces, files')
    .action(async (f: DemoFlags) => {
      if (process.getuid?.() !== 0)
        throw new PaddockError('permissionDenied', 'the demo builds network namespaces: run it as root');
      if (f.down) {
        const removed = await removeDemo(f.name);
        say(`demo ${f.name} removed (${removed.length} namespaces)`);
        return;
      }
      // Ctrl-C at any point (even half way through starting) removes what the demo made.
      let stopped = false;
      let started = false;
      const stopping = new Promise<void>((resolve) => {
        const stop = () => {
          stopped = true;
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      void stopping.then(async () => {
        if (started) return;
        say('\nstopping: removing what the demo made…');
        await removeDemo(f.name);
        process.exit(130);
      });
      const state = await startDemo(f);
      started = true;
      if (f.detach && !stopped) process.exit(0);
      if (!stopped) say('Press Ctrl-C to stop the demo and remove everything it made.');
      // A pending promise alone does not keep Node running: a timer does, until the signal.
      const keepAlive = setInterval(() => {}, 1 << 30);
      await stopping;
      clearInterval(keepAlive);
      await removeDemo(state.name);
      say(`demo ${state.name} removed`);
    });
}

async function startDemo(f: DemoFlags): Promise<DemoState> {
  if (demoExists(f.name))
    throw new PaddockError('alreadyExists', `demo ${f.name} exists: run \`paddock demo --down\` first`);
  if (!findExecutableOnPath('qemu-system-x86_64'))
    throw new PaddockError(
      'failedPrecondition',
      'the demo machine needs QEMU: apt-get install qemu-system-x86 ipxe-qemu',
    );
  const [consolePort, grpcPort] = [Number(f.consolePort), Number(f.grpcPort)];
  const cluster = f.cluster === undefined ? 0 : Number(f.cluster);
  if (f.cluster !== undefined && !(Number.isInteger(cluster) && cluster >= 1 && cluster <= 9))
    throw new PaddockError('invalidArgument', `--cluster ${f.cluster}: expected a number of machines from 1 to 9`);
  const cidr = parseCidr(f.subnet);
  say('fetching the machine image (Debian kernel and busybox) if needed…');
  ensureBootAssets(cluster > 0 ? clusterImage() : {});
  // Inside the lab paddock up has its usual ports; on this host's loopback the demo's own
  // (the same by default, so `paddock` client verbs find it through the run file).
  const listeners = [
    { server: await loopbackListener(consolePort, 'console'), port: UP_PORTS.http },
    { server: await loopbackListener(grpcPort, 'grpc'), port: UP_PORTS.grpc },
  ];
  const outer = listeners.map((l) => (l.server.address() as AddressInfo).port);
  const started = Date.now();
  try {
    const lab = await buildDemoLab(f.name, f.subnet);
    const dataDir = join(demoDir(f.name), 'data');
    const log = join(demoDir(f.name), 'paddock.log');
    const state: DemoState = {
      ...lab,
      dataDir,
      pids: [],
      consoleUrl: `https://127.0.0.1:${outer[0]}`,
      grpcAddress: `127.0.0.1:${outer[1]}`,
    };
    saveState(state);
    say(`lab ${f.name}: bridge ${lab.bridge} in ${lab.switchNetns}, server ${lab.serverAddress} in ${lab.serverNetns}`);
    const range = `${numberToIPv4(cidr.network + 100)}-${numberToIPv4(cidr.network + Math.min(200, 2 ** (32 - cidr.prefix) - 2))}`;
    state.pids.push(
      startUp({
        netns: lab.serverNetns,
        dataDir,
        subnet: f.subnet,
        range,
        grpcPort: UP_PORTS.grpc,
        consolePort: UP_PORTS.http,
        qemuNetns: lab.switchNetns,
        bridge: lab.bridge,
        log,
      }),
    );
    state.pids.push(startHelper(lab.serverNetns, listeners, join(demoDir(f.name), 'helper.log')));
    saveState(state);
    await waitForRunFile(dataDir, state.pids[0]!, log);
    say(`paddock up is running in the lab (log: ${log})`);
    if (cluster > 0) {
      const r = await runCluster(dataDir, state.grpcAddress, cluster, say);
      const load = loadavg()
        .map((l) => l.toFixed(1))
        .join(' ');
      say(
        `cluster of ${cluster} ready (overlay, etcd, k3s stand-in servers): ${(r.ms / 1000).toFixed(1)} s from power-on (load average ${load})`,
      );
      for (const n of r.nodes) say(`  ${n.name}: ${describe(n)}`);
    } else {
      const node = await runMachine(dataDir, state.grpcAddress, say);
      say(`machine ${node.name} is ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${describe(node)}`);
    }
    printAccess(state);
    return state;
  } catch (err) {
    // The logs go with the demo's directory: show the end of paddock up's first.
    const log = join(demoDir(f.name), 'paddock.log');
    if (existsSync(log)) say(`last lines of ${log}:\n${readFileSync(log, 'utf8').split('\n').slice(-40).join('\n')}`);
    say(`the demo failed; removing what it made (logs were in ${demoDir(f.name)})`);
    await removeDemo(f.name);
    throw err;
  } finally {
    for (const l of listeners) l.server.close();
  }
}

function describe(n: Node): string {
  const ip = n.addresses[0]?.ip ?? '-';
  const vendor = n.vendor ? `, vendor ${n.vendor}` : '';
  return `MAC ${n.nics[0]?.mac}, IP ${ip}, ${n.architecture || 'arch ?'}${vendor}`;
}

function printAccess(s: DemoState): void {
  const token = readFileSync(pkiPaths(s.dataDir).adminToken, 'utf8').trim();
  say('');
  say(`console:  ${s.consoleUrl}   (its certificate is the demo's own CA: ${pkiPaths(s.dataDir).caCert})`);
  say(`token:    ${token}`);
  const server = s.grpcAddress === `127.0.0.1:${UP_PORTS.grpc}` ? '' : ` --server ${s.grpcAddress}`;
  say(`CLI:      paddock nodes list --data-dir ${s.dataDir}${server}`);
  say(`remove:   paddock demo --down${s.name === 'demo' ? '' : ` --name ${s.name}`}`);
}
