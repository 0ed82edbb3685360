import type { Network } from '@paddock/proto/overlay/v1/overlay.ts';
import { describeGrpcError } from '@paddock/runtime';
import { followWatch } from '@paddock/wire';
import { interfaceNames } from '../model/resolved.ts';
import type { InterfaceNames } from '../model/types.ts';
import type { Shell } from './apply.ts';
import { type NodeCredentials, nodeClient, type OverlayClient } from './control-client.ts';
import { DataPlane, REPAIR_MS } from './data-plane.ts';
import { desiredFrom } from './desired.ts';
import { KernelRelay } from './kernel-relay.ts';
import { TopologyMirror } from './mirror.ts';
import { ensureNodeKey, nodeNameOf } from './node-key.ts';
import { Prober } from './prober.ts';
import { Reporter } from './reporter.ts';
import { systemShell } from './shell.ts';

export interface ServerAgentOptions extends NodeCredentials {
  network: string;
  /** This node's underlay address (`a.b.c.d`, or with `:port`); the network's port by default. */
  endpoint: string;
  privateKeyFile: string;
  interfaces?: InterfaceNames | undefined;
  signal: AbortSignal;
  /** One JSON object per event (a pass, a report, an error). */
  log(line: Record<string, unknown>): void;
  shell?: Shell;
  /** Between probe rounds (default 500 ms); a path is down after three lost in a row. */
  probeMs?: number;
}

/**
 * `paddock overlay agent --server`: registers this node's WireGuard key under its identity,
 * follows the topology Watch, applies it (WireGuard peers direct or through relays, the pairs
 * this node relays for), and reports the direct paths it measures. Runs until `signal` aborts.
 */
export async function runServerAgent(o: ServerAgentOptions): Promise<void> {
  const shell = o.shell ?? systemShell();
  const node = nodeNameOf(o.cert);
  const publicKey = await ensureNodeKey(o.privateKeyFile, shell);
  const client = nodeClient(o);
  const relay = new KernelRelay(o.network, shell);
  let prober: Prober | undefined;
  try {
    const network = await joinUntilDone(client, o, publicKey);
    if (!network) return;
    prober = await Prober.open(network.listenPort + 1);
    const ifs = o.interfaces ?? interfaceNames(network);
    const mirror = new TopologyMirror();
    const desired = () =>
      desiredFrom(mirror, { network: o.network, node, privateKeyFile: o.privateKeyFile, interfaces: ifs });
    const plane = new DataPlane({
      network: o.network,
      ifs,
      shell,
      relay,
      desired,
      stillMember: (key) => mirror.members(o.network).some((m) => m.publicKey === key),
      synced: () => mirror.synced,
      probe: (targets) => prober!.setTargets(targets),
      log: o.log,
    });
    const reporter = new Reporter({ client, network: o.network, prober, wg: ifs.wireguard, shell, log: o.log });
    const tick = setInterval(() => {
      prober!.tick();
      void reporter.maybeSend(mirror);
    }, o.probeMs ?? 500);
    const repair = setInterval(() => plane.repair(), REPAIR_MS);
    try {
      await followWatch({
        open: (fromRevision, signal) =>
          client.watchTopology({ watch: { fromRevision }, network: o.network, node }, { signal }),
        apply: (m) => {
          if (mirror.apply(m)) plane.changed();
        },
        signal: o.signal,
        onState: (s) => o.log({ event: 'watch', ...s }),
      });
    } finally {
      clearInterval(tick);
      clearInterval(repair);
      await plane.idle();
    }
  } finally {
    prober?.close();
    relay.close();
    client.close();
  }
}

async function joinUntilDone(
  client: OverlayClient,
  o: ServerAgentOptions,
  publicKey: string,
): Promise<Network | undefined> {
  for (let attempt = 1; !o.signal.aborted; attempt++) {
    try {
      const r = await client.join({
        network: o.network,
        publicKey,
        endpoint: o.endpoint,
        address: '',
        tunnelAddress: '',
        node: '',
      });
      o.log({ event: 'joined', member: r.member?.name, address: r.member?.address, endpoint: r.member?.endpoint });
      return r.network;
    } catch (err) {
      o.log({ event: 'join-failed', attempt, error: describeGrpcError(err) });
      await new Promise((r) => setTimeout(r, Math.min(5000, 500 * attempt)));
    }
  }
  return undefined;
}
