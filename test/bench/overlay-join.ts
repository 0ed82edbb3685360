/**
 * Join time of N members: `paddock up` (loopback), N namespaces on one underlay, each with the
 * agent's data plane (`DataPlane`: the same passes, planner and quick path as `overlay agent
 * --server`, its commands run in the member's namespace) following its own topology Watch.
 * Left out: each agent's Node start, enrolment and prober (the prober would only confirm the
 * direct paths every member starts with). Timed from the first Join: all joined, every data
 * plane programmed with N-1 peers, every member's WireGuard with a handshake to every peer.
 */
import { OverlayServiceDefinition } from '@paddock/proto/overlay/v1/overlay.ts';
import { connect, createClient } from '@paddock/runtime';
import { followWatch } from '@paddock/wire';
import type { Shell } from '../../services/overlay/src/agent/apply.ts';
import { DataPlane } from '../../services/overlay/src/agent/data-plane.ts';
import { desiredFrom } from '../../services/overlay/src/agent/desired.ts';
import { TopologyMirror } from '../../services/overlay/src/agent/mirror.ts';
import { RelayForwarder } from '../../services/overlay/src/agent/relay.ts';
import { type LabMember, OverlayLab, PORT } from '../../services/overlay/test/overlay-lab.ts';
import { startPaddockUp } from '../e2e/paddock-process.ts';
import { load } from './overlay-pairs.ts';

export interface JoinResult {
  joinedMs: number;
  programmedMs: number;
  meshMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function joinBench(n: number, log: (line: string) => void): Promise<JoinResult> {
  const names = Array.from({ length: n }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);
  log(`join: creating ${n} namespaces (load ${load()})`);
  const o = await OverlayLab.create('overlay-join', names);
  const server = await startPaddockUp();
  const c = connect({ dataDir: server.dataDir, server: server.run.grpc });
  const client = createClient(OverlayServiceDefinition, c.address, c.credentials, c.options);
  const stop = new AbortController();
  const programmed = new Set<string>();
  try {
    const network = { name: 'lab', subnet: '10.99.0.0/24', transit: '10.98.0.0/24', vni: 4242 };
    await client.createNetwork({ network: { ...network, listenPort: PORT, underlayMtu: 1500, createdAtUnixMs: 0n } });
    const planes = o.members.map((m) => follow(m, o.shell(m), client, stop.signal, programmed, n));
    await sleep(2000);
    log(`join: ${n} agents following the topology; joining (load ${load()})`);
    const t0 = performance.now();
    await Promise.all(
      o.members.map((m) =>
        client.join({
          network: 'lab',
          node: m.name,
          publicKey: m.member.publicKey,
          endpoint: m.member.endpoint,
          address: '',
          tunnelAddress: '',
        }),
      ),
    );
    const joinedMs = performance.now() - t0;
    while (programmed.size < n) await sleep(50);
    const programmedMs = performance.now() - t0;
    const pending = new Set(o.members);
    while (pending.size > 0) {
      for (const m of [...pending]) if ((await handshakes(m)) >= n - 1) pending.delete(m);
      if (pending.size > 0) await sleep(200);
    }
    const meshMs = performance.now() - t0;
    stop.abort();
    await Promise.all(planes.map((p) => p.idle()));
    return { joinedMs, programmedMs, meshMs };
  } finally {
    stop.abort();
    client.close();
    await server.stop();
    await o.destroy();
  }
}

/** One member's agent data plane, following the Watch; `programmed` gets its name once a pass converged with every peer. */
function follow(
  m: LabMember,
  shell: Shell,
  client: ReturnType<typeof createClient<typeof OverlayServiceDefinition>>,
  signal: AbortSignal,
  programmed: Set<string>,
  n: number,
): DataPlane {
  const mirror = new TopologyMirror();
  const plane = new DataPlane({
    network: 'lab',
    ifs: m.ifs,
    shell,
    relay: new RelayForwarder(),
    desired: () => desiredFrom(mirror, { network: 'lab', node: m.name, privateKeyFile: m.keyFile, interfaces: m.ifs }),
    stillMember: (key) => mirror.members('lab').some((x) => x.publicKey === key),
    synced: () => mirror.synced,
    probe: () => {},
    log: (l) => {
      if (l['event'] === 'pass' && l['converged'] && (l['peers'] as unknown[]).length === n - 1) programmed.add(m.name);
    },
  });
  void followWatch({
    open: (fromRevision, s) => client.watchTopology({ watch: { fromRevision }, network: 'lab' }, { signal: s }),
    apply: (msg) => {
      if (mirror.apply(msg)) plane.changed();
    },
    signal,
    onState: () => {},
  });
  return plane;
}

/** Peers of a member's WireGuard with a handshake. */
async function handshakes(m: LabMember): Promise<number> {
  const r = await m.host.exec(['wg', 'show', m.ifs.wireguard, 'latest-handshakes']);
  return r.stdout.split('\n').filter((l) => /\t[1-9]\d*$/.test(l)).length;
}
