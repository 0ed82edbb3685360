/**
 * Join time of N members: `paddock up` (loopback), N namespaces on one underlay, each with the
 * agent's data plane (`DataPlane`: the same passes, planner and quick path as `overlay agent
 * --server`, its commands run in the member's namespace) following its own topology Watch.
 * Left out: each agent's Node start, enrolment and prober (the prober would only confirm the
 * direct paths every member starts with). Commands run as an agent inside its namespace would
 * run them, one process each (`ip -n`/`bridge -n`; `wg` reaches wireguard-go's control socket in
 * /var/run/wireguard from anywhere); only wireguard-go itself is started through `ip netns exec`.
 * Timed from the first Join: all joined, every data plane programmed with N-1 peers, every
 * member's WireGuard with a handshake to every peer; with where the time went (passes, commands
 * and their wall time, the benchmark process's CPU).
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { run, runOk } from '@paddock/lab';
import { OverlayServiceDefinition } from '@paddock/proto/overlay/v1/overlay.ts';
import { connect, createClient } from '@paddock/runtime';
import { followWatch } from '@paddock/wire';
import type { Shell } from '../../services/overlay/src/agent/apply.ts';
import { DataPlane } from '../../services/overlay/src/agent/data-plane.ts';
import { desiredFrom } from '../../services/overlay/src/agent/desired.ts';
import { KernelRelay } from '../../services/overlay/src/agent/kernel-relay.ts';
import { TopologyMirror } from '../../services/overlay/src/agent/mirror.ts';
import { type LabMember, OverlayLab, PORT } from '../../services/overlay/test/overlay-lab.ts';
import { startPaddockUp } from '../e2e/paddock-process.ts';
import { load } from './overlay-pairs.ts';

export interface JoinResult {
  joinedMs: number;
  programmedMs: number;
  meshMs: number;
  /** Full passes run, commands run (and their summed wall time), CPU of this process, all from the first Join to the full mesh. */
  passes: number;
  commands: number;
  commandMs: number;
  cpuMs: number;
  /**
   * CPU seconds from the first Join until every data plane was programmed: this process (its N data
   * planes and Watch clients: one event loop), the commands it ran (children it waited for),
   * wireguard-go daemons, `paddock up`, and the whole machine (both cores, other work included),
   * beside the wall time: what bounds programming on this machine.
   */
  cpuToProgrammed: Record<'bench' | 'commands' | 'wireguardGo' | 'server' | 'machine', number>;
  /** When (ms after the first Join) each member's mirror held all N members, finished its first pass, was programmed, had every handshake: min / median / max. */
  phases: Record<'topology' | 'firstPass' | 'programmed' | 'mesh', [number, number, number]>;
}

interface Tally {
  passes: number;
  commands: number;
  commandMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function joinBench(n: number, log: (line: string) => void): Promise<JoinResult> {
  const names = Array.from({ length: n }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);
  log(`join: creating ${n} namespaces (load ${load()})`);
  const restoreNeighbours = roomForNeighbours(n * (n - 1));
  const o = await OverlayLab.create('overlay-join', names).catch((err: unknown) => {
    restoreNeighbours();
    throw err;
  });
  const server = await startPaddockUp();
  const c = connect({ dataDir: server.dataDir, server: server.run.grpc });
  const client = createClient(OverlayServiceDefinition, c.address, c.credentials, c.options);
  const stop = new AbortController();
  const programmed = new Set<string>();
  const tally: Tally = { passes: 0, commands: 0, commandMs: 0 };
  const at = {
    topology: new Map<string, number>(),
    firstPass: new Map<string, number>(),
    programmed: new Map<string, number>(),
    mesh: new Map<string, number>(),
  };
  let t0 = 0;
  const mark = (phase: keyof typeof at, name: string) => {
    if (!at[phase].has(name)) at[phase].set(name, performance.now() - t0);
  };
  try {
    const network = { name: 'lab', subnet: '10.99.0.0/24', transit: '10.98.0.0/24', vni: 4242 };
    await client.createNetwork({ network: { ...network, listenPort: PORT, underlayMtu: 1500, createdAtUnixMs: 0n } });
    const planes = o.members.map((m) =>
      follow(
        m,
        memberShell(o, m, tally),
        client,
        stop.signal,
        (l) => {
          if (l['event'] !== 'pass') return;
          tally.passes++;
          mark('firstPass', m.name);
          if (l['converged'] && (l['peers'] as unknown[]).length === n - 1) {
            programmed.add(m.name);
            mark('programmed', m.name);
          }
        },
        (members) => {
          if (members === n) mark('topology', m.name);
        },
      ),
    );
    // Every agent has its first look at the (empty) network behind it before the clock starts.
    await sleep(2000);
    await Promise.all(planes.map((p) => p.idle()));
    log(`join: ${n} agents following the topology; joining (load ${load()})`);
    Object.assign(tally, { passes: 0, commands: 0, commandMs: 0 });
    const cpu0 = process.cpuUsage();
    const pids = () => [...o.daemons];
    const cpuAt0 = cpuNow(server.run.pid, []);
    t0 = performance.now();
    const t0Epoch = Date.now();
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
    // Handshakes are watched from the first Join, not from the last pass's end: a pass ends after
    // its late keepalives (1 s after its other steps), and the pairs it set are often handshaken by then.
    const mesh = (async () => {
      const pending = new Set(o.members);
      while (pending.size > 0) {
        const done = await handshakes();
        for (const m of [...pending])
          if ((done.get(m.ifs.wireguard) ?? 0) >= n - 1) {
            pending.delete(m);
            mark('mesh', m.name);
          }
        if (pending.size > 0) await sleep(250);
      }
      return performance.now() - t0;
    })();
    while (programmed.size < n) await sleep(50);
    const programmedMs = performance.now() - t0;
    const cpuAtProgrammed = cpuNow(server.run.pid, pids());
    const cpuToProgrammed = Object.fromEntries(
      Object.entries(cpuAtProgrammed).map(([k, v]) => [k, v - cpuAt0[k as keyof typeof cpuAt0]]),
    ) as JoinResult['cpuToProgrammed'];
    const meshMs = await mesh;
    if (process.env['JOIN_TRACE']) await lateHandshakes(o.members, at.programmed, t0Epoch, log);
    const cpu = process.cpuUsage(cpu0);
    const done = { ...tally, cpuMs: (cpu.user + cpu.system) / 1000 };
    stop.abort();
    await Promise.all(planes.map((p) => p.idle()));
    const spread = (m: Map<string, number>): [number, number, number] => {
      const v = [...m.values()].sort((x, y) => x - y);
      return [v[0] ?? Number.NaN, v[Math.floor(v.length / 2)] ?? Number.NaN, v.at(-1) ?? Number.NaN];
    };
    const phases = {
      topology: spread(at.topology),
      firstPass: spread(at.firstPass),
      programmed: spread(at.programmed),
      mesh: spread(at.mesh),
    };
    return { joinedMs, programmedMs, meshMs, ...done, phases, cpuToProgrammed };
  } finally {
    stop.abort();
    client.close();
    await server.stop();
    await o.destroy();
    restoreNeighbours();
  }
}

/** CPU seconds so far (clock ticks of /proc, 100 per second): see JoinResult.cpuToProgrammed. */
function cpuNow(serverPid: number, daemons: number[]): JoinResult['cpuToProgrammed'] {
  const proc = (pid: number | 'self'): number[] => {
    try {
      // Fields after the command name (which may hold spaces): utime is the 14th field of the line.
      const rest = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ').map(Number);
      return rest.slice(11, 15);
    } catch {
      return [0, 0, 0, 0];
    }
  };
  const [u, s, cu, cs] = proc('self');
  const server = proc(serverPid);
  const machine = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1, 9).map(Number);
  const idle = (machine[3] ?? 0) + (machine[4] ?? 0);
  return {
    bench: (u! + s!) / 100,
    commands: (cu! + cs!) / 100,
    wireguardGo:
      daemons.reduce(
        (sum, pid) =>
          sum +
          proc(pid)
            .slice(0, 2)
            .reduce((a, b) => a + b, 0),
        0,
      ) / 100,
    server: (server[0]! + server[1]!) / 100,
    machine: (machine.reduce((a, b) => a + b, 0) - idle) / 100,
  };
}

const NEIGH = '/proc/sys/net/ipv4/neigh/default';

/**
 * Makes the kernel's IPv4 neighbour table hold `entries` (the underlay's ARP entries: every member
 * resolves every other, n × (n − 1)); returns what puts the old limits back. That table is one for
 * all network namespaces, limited by the initial namespace's gc_thresh (128/512/1024 by default):
 * 50 members on one kernel need 2450 entries, past the hard limit, and the kernel then refuses new
 * ones ("neighbor table overflow"), so handshakes to the peers it could not resolve are lost until
 * entries age out (a 50-member run meshed after 170-210 s). Fifty real nodes hold 49 each.
 */
function roomForNeighbours(entries: number): () => void {
  const keys = ['gc_thresh1', 'gc_thresh2', 'gc_thresh3'] as const;
  const before = keys.map((k) => Number(readFileSync(`${NEIGH}/${k}`, 'utf8')));
  // Twice the entries, for each namespace's own entries (gateways, the other labs on this machine).
  const wanted = [before[0]!, Math.max(before[1]!, entries * 2), Math.max(before[2]!, entries * 4)];
  const write = (values: number[]) => {
    for (const [i, k] of keys.entries()) writeFileSync(`${NEIGH}/${k}`, String(values[i]));
  };
  write(wanted);
  return () => write(before);
}

/** One member's agent data plane, following the Watch, its log lines to `log`. */
function follow(
  m: LabMember,
  shell: Shell,
  client: ReturnType<typeof createClient<typeof OverlayServiceDefinition>>,
  signal: AbortSignal,
  log: (line: Record<string, unknown>) => void,
  seen: (members: number) => void,
): DataPlane {
  const mirror = new TopologyMirror();
  const plane = new DataPlane({
    network: 'lab',
    ifs: m.ifs,
    shell,
    relay: new KernelRelay('lab', shell),
    desired: () => desiredFrom(mirror, { network: 'lab', node: m.name, privateKeyFile: m.keyFile, interfaces: m.ifs }),
    stillMember: (key) => mirror.members('lab').some((x) => x.publicKey === key),
    synced: () => mirror.synced,
    probe: () => {},
    log,
  });
  void followWatch({
    open: (fromRevision, s) =>
      client.watchTopology({ watch: { fromRevision }, network: 'lab', node: m.name }, { signal: s }),
    apply: (msg) => {
      if (mirror.apply(msg)) plane.changed();
      if (msg.item?.item?.$case === 'member') seen(mirror.members('lab').length);
    },
    signal,
    onState: () => {},
  });
  return plane;
}

/** The agent's commands for a member, one process each as in its own namespace, counted and timed. */
function memberShell(o: OverlayLab, m: LabMember, tally: Tally): Shell {
  const inNs = (argv: string[]) => {
    if (argv[0] === 'ip' || argv[0] === 'bridge') return [argv[0], '-n', m.host.netns, ...argv.slice(1)];
    return argv[0] === 'wg' ? argv : m.host.wrap(argv);
  };
  const timed = async <T>(f: () => Promise<T>, label = '') => {
    const t = performance.now();
    try {
      return await f();
    } finally {
      if (process.env['JOIN_TRACE'])
        console.log(`${m.name} ${(t % 100000).toFixed(0)} +${(performance.now() - t).toFixed(0)} ms ${label}`);
      tally.commands++;
      tally.commandMs += performance.now() - t;
    }
  };
  const daemon = o.shell(m).daemon;
  return {
    run: (argv, input) =>
      timed(
        async () => void (await runOk(inNs(argv), input === undefined ? {} : { input })),
        argv.slice(0, 3).join(' '),
      ),
    exec: (argv) =>
      timed(async () => {
        const r = await run(inNs(argv));
        return r.code === 0 ? r.stdout : undefined;
      }, argv.slice(0, 3).join(' ')),
    daemon,
  };
}

/**
 * Peers with a handshake, by WireGuard device: one `wg show all` for every member (wireguard-go's
 * control sockets are shared by all namespaces), so the check does not lag a sweep of 50 commands.
 */
async function handshakes(): Promise<Map<string, number>> {
  const r = await run(['wg', 'show', 'all', 'latest-handshakes']);
  const out = new Map<string, number>();
  for (const l of r.stdout.split('\n')) {
    const [dev, , at] = l.split('\t');
    if (dev && /^[1-9]\d*$/.test(at ?? '')) out.set(dev, (out.get(dev) ?? 0) + 1);
  }
  return out;
}

/**
 * The pairs whose first handshake came last (JOIN_TRACE): when, against when each side was
 * programmed, and which side opens (the lower public key starts at once, the other 1 s after its pass).
 */
async function lateHandshakes(
  members: LabMember[],
  programmed: Map<string, number>,
  t0Epoch: number,
  log: (line: string) => void,
): Promise<void> {
  const r = await run(['wg', 'show', 'all', 'latest-handshakes']);
  const byDev = new Map(members.map((m) => [m.ifs.wireguard, m]));
  const byKey = new Map(members.map((m) => [m.member.publicKey, m]));
  const pairs: { at: number; a: LabMember; b: LabMember }[] = [];
  for (const l of r.stdout.split('\n')) {
    const [dev, key, at] = l.split('\t');
    const a = byDev.get(dev ?? '');
    const b = byKey.get(key ?? '');
    if (a && b && a.name < b.name) pairs.push({ at: Number(at) * 1000 - t0Epoch, a, b });
  }
  pairs.sort((x, y) => y.at - x.at);
  for (const p of pairs.slice(0, 12)) {
    const opener = p.a.member.publicKey < p.b.member.publicKey ? p.a : p.b;
    const s = (m: LabMember) => `${m.name} programmed ${((programmed.get(m.name) ?? 0) / 1000).toFixed(2)} s`;
    log(
      `late: ${p.a.name}-${p.b.name} handshake ~${(p.at / 1000).toFixed(1)} s; ${s(p.a)}, ${s(p.b)}; opens: ${opener.name}`,
    );
  }
}
