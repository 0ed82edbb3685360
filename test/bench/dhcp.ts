/**
 * DHCP benchmark: perfdhcp (Debian kea-admin) full DORA exchanges per second and drop rate,
 * against paddock dhcp, Kea (kea-dhcp4, memfile lease file) and dnsmasq (lease file), each
 * persisting leases to disk, on the same lab in the same run. Run as root:
 *
 *   node test/bench/dhcp.ts [--rates 1000,2000,4000] [--seconds 5] [--repeat 1]
 *     [--servers paddock,paddock-etcd,kea,kea-warn,kea-mt,dnsmasq]
 *
 * `paddock-etcd` keeps its leases in etcd (one member on loopback, Debian's etcd-server), so
 * the table has SQLite, etcd and Kea memfile columns from one run. PADDOCK_BENCH_ETCD_UNDER=/dev/shm
 * keeps etcd's data on tmpfs (its fsyncs then cost nothing), as a small lab might run it.
 * Kea three ways, so that Paddock is compared with Kea at its fastest: `kea` as installed (INFO
 * logging, two lines per exchange, one thread), `kea-warn` (WARN: no per-lease lines) and
 * `kea-mt` (WARN and multi-threading, a pool of 2 packet threads: the machine's 2 CPUs).
 *
 * PADDOCK_BENCH_SETTINGS='{"conflictDetection":{"enabled":false}}' passes DHCP settings;
 * PADDOCK_BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=DIR' profiles paddock;
 * PADDOCK_DHCP_COMMIT_THREAD=0 commits on the main thread; PADDOCK_BENCH_DEBUG=1 prints server
 * output. PADDOCK_BENCH_BASELINE=DIR adds a server "baseline": paddock run from DIR, a copy of
 * services/dhcp (e.g. the last commit's, node_modules linked), for before/after in one run
 * (`--servers paddock-etcd,baseline-etcd` compares the two on etcd).
 * dnsmasq runs with --no-ping: its ping check (~3 s per new address, blocking) leaves it
 * answering next to nothing under perfdhcp (PADDOCK_BENCH_DNSMASQ_PING=1 to see).
 *
 * Each (server, rate) starts from a fresh data dir; with --repeat N every cell is run N times,
 * servers interleaved and their order rotated each round (no server always runs first, or right
 * after another's load), and the best run is kept (a shared machine's noise only ever slows a
 * run). perfdhcp acts as a relay (giaddr = its address), as it does for DHCPv4 when given a
 * server address, so every server sees the same traffic. Every exchange started in the test
 * period gets perfdhcp's whole drop time (1 s) to complete, the last ones too (EXIT_WAIT_US).
 * Prints a markdown table; the ratio is paddock / best peer at the same offered rate. Paddock
 * keeps its conflict probing on and syncs every commit (synchronous=FULL); Kea's memfile
 * write(2)s each lease line and never fsyncs (seen with strace), so it survives kill -9 but not
 * power loss.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Host, Lab, LabProcess } from '@paddock/lab';
import { type EtcdCluster, startEtcd } from '@paddock/testkit';

const { values: args } = parseArgs({
  options: {
    rates: { type: 'string', default: '1000,2000,4000,8000' },
    seconds: { type: 'string', default: '5' },
    clients: { type: 'string', default: '60000' },
    servers: { type: 'string', default: 'paddock,paddock-etcd,kea,kea-warn,kea-mt,dnsmasq' },
    repeat: { type: 'string', default: '1' },
  },
});
const RATES = args.rates.split(',').map(Number);
const SECONDS = Number(args.seconds);
const CLIENTS = Number(args.clients);
const REPEAT = Number(args.repeat);
const SERVER = '10.77.0.1';
/**
 * perfdhcp's -W: after the last DISCOVER it waits this long (its drop time, 1 s) for answers. By
 * default it stops at once, and counts every exchange still in flight as dropped: a cost of
 * answer latency (a fsync before each ACK) at one arbitrary instant, not of throughput or loss.
 */
const EXIT_WAIT_US = 1_000_000;
/** Time a server may take to start: a loaded machine once took paddock's past 20 s. */
const START_MS = 60_000;
const POOL = ['10.77.1.0', '10.77.255.250'] as const;
const ROOT = join(import.meta.dirname, '..', '..');

interface Result {
  server: string;
  rate: number;
  dora: number;
  drops: number;
  sent: number;
  rcvbuf?: number;
}

type Starter = (host: Host, dir: string) => Promise<LabProcess>;

/** paddock dhcp from a services/dhcp directory (this checkout's, or a baseline copy). */
/** The command line of services/dhcp's test process (from `serviceDir`) serving the pool from `dir`. */
const dhcpProcess = (serviceDir: string, dir: string): string[] => [
  process.execPath,
  ...(process.env['PADDOCK_BENCH_NODE_FLAGS']?.split(' ') ?? []),
  join(serviceDir, 'test', 'dhcp-process.ts'),
  dir,
  'eth0',
  '10.77.0.0/16',
  `${POOL[0]}-${POOL[1]}`,
  process.env['PADDOCK_BENCH_SETTINGS'] ?? '{}',
];

const paddockFrom =
  (serviceDir: string): Starter =>
  async (host, dir) => {
    const p = host.spawn(dhcpProcess(serviceDir, dir));
    await p.waitForOutput(/dhcp listening/, START_MS);
    return p;
  };
const BASELINE = process.env['PADDOCK_BENCH_BASELINE'];

/** One etcd member on loopback for the whole run, started when `paddock-etcd` first runs. */
const etcdHolder: { cluster?: Promise<EtcdCluster> } = {};

/**
 * paddock dhcp with its leases in etcd (one member on loopback, a fresh prefix per cell): every
 * ACK waits for etcd's commit (its raft log fsynced) instead of SQLite's. The process runs
 * where it can reach loopback, its sockets in the server host's namespace.
 */
const paddockEtcdFrom =
  (serviceDir: string): Starter =>
  async (host, dir) => {
    const under = process.env['PADDOCK_BENCH_ETCD_UNDER'];
    etcdHolder.cluster ??= startEtcd(under ? { under } : {});
    const etcd = await etcdHolder.cluster;
    const p = new LabProcess(dhcpProcess(serviceDir, dir), {
      env: {
        PADDOCK_DHCP_NETNS: host.netns,
        PADDOCK_DHCP_STORE: `etcd://${etcd.endpoints}/bench/${dir.replace(/[^A-Za-z0-9-]/g, '-')}`,
      },
    });
    await p.waitForOutput(/dhcp listening/, START_MS);
    return p;
  };

/**
 * kea-dhcp4 with a memfile lease file. `severity` INFO logs two lines per exchange (Kea's
 * default); WARN logs none of them. `threads` turns on Kea's multi-threading (packet thread
 * pool, Kea ARM "Multi-Threading Settings"); its queue keeps Kea's default of 64 packets per
 * thread pool, which the ARM's memfile tuning table stays close to (28 for 4 threads).
 */
function keaFrom(o: { severity: 'INFO' | 'WARN'; threads?: number }): Starter {
  return async (host, dir) => {
    const config = {
      Dhcp4: {
        'interfaces-config': { interfaces: ['eth0'] },
        'lease-database': { type: 'memfile', persist: true, name: join(dir, 'leases4.csv'), 'lfc-interval': 0 },
        'valid-lifetime': 3600,
        subnet4: [{ id: 1, subnet: '10.77.0.0/16', pools: [{ pool: `${POOL[0]} - ${POOL[1]}` }] }],
        ...(o.threads && {
          'multi-threading': {
            'enable-multi-threading': true,
            'thread-pool-size': o.threads,
            'packet-queue-size': 64,
          },
        }),
        loggers: [{ name: 'kea-dhcp4', output_options: [{ output: 'stdout' }], severity: o.severity }],
      },
    };
    writeFileSync(join(dir, 'kea.json'), JSON.stringify(config));
    const p = host.spawn(['kea-dhcp4', '-c', join(dir, 'kea.json')], {
      env: { KEA_LOCKFILE_DIR: dir, KEA_PIDFILE_DIR: dir },
    });
    // At WARN Kea prints nothing on start: ready once its socket is bound.
    await waitForBound(host, p);
    return p;
  };
}

/** Kea is ready once a UDP socket is bound to port 67 in the server's namespace. */
async function waitForBound(host: Host, p: LabProcess): Promise<void> {
  const deadline = Date.now() + START_MS;
  while (Date.now() < deadline) {
    if (p.exitCode !== undefined) throw new Error(`kea-dhcp4 exited:\n${p.output()}`);
    if (/:67\b/.test((await host.exec(['ss', '-uln'])).stdout)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`kea-dhcp4 did not bind port 67:\n${p.output()}`);
}

const starters: Record<string, Starter> = {
  paddock: paddockFrom(join(ROOT, 'services', 'dhcp')),
  'paddock-etcd': paddockEtcdFrom(join(ROOT, 'services', 'dhcp')),
  ...(BASELINE && { baseline: paddockFrom(BASELINE), 'baseline-etcd': paddockEtcdFrom(BASELINE) }),
  kea: keaFrom({ severity: 'INFO' }),
  'kea-warn': keaFrom({ severity: 'WARN' }),
  'kea-mt': keaFrom({ severity: 'WARN', threads: 2 }),
  async dnsmasq(host, dir) {
    const p = host.spawn([
      'dnsmasq',
      '--no-daemon',
      '--conf-file=/dev/null',
      '--port=0',
      '--interface=eth0',
      '--bind-interfaces',
      `--dhcp-range=${POOL[0]},${POOL[1]},255.255.0.0,1h`,
      `--dhcp-leasefile=${join(dir, 'dnsmasq.leases')}`,
      `--pid-file=${join(dir, 'dnsmasq.pid')}`,
      '--dhcp-lease-max=100000',
      '--dhcp-authoritative',
      ...(process.env['PADDOCK_BENCH_DNSMASQ_PING'] ? [] : ['--no-ping']),
      '--log-facility=-',
      ...(process.env['PADDOCK_BENCH_DEBUG'] ? ['--log-dhcp'] : []),
    ]);
    await p.waitForOutput(/DHCP, IP range/, START_MS);
    return p;
  },
};

/** Udp RcvbufErrors of the server's namespace (/proc/net/snmp): datagrams the kernel dropped. */
async function rcvbufErrors(host: Host): Promise<number> {
  const lines = (await host.exec(['cat', '/proc/net/snmp'])).stdout.split('\n').filter((l) => l.startsWith('Udp:'));
  const col = lines[0]?.split(/\s+/).indexOf('RcvbufErrors') ?? -1;
  return Number(lines[1]?.split(/\s+/)[col] ?? 0);
}

/** User + system CPU seconds a process has used so far (0 without one). */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

/** perfdhcp's final report: "sent packets", "received packets", "drops" per exchange. */
function parsePerfdhcp(out: string, seconds: number, rate: number, server: string): Result {
  const sections = out.split(/\*\*\*Statistics for: /);
  const section = (name: string) => sections.find((s) => s.startsWith(name)) ?? '';
  const num = (text: string, label: string) => Number(new RegExp(`${label}: (\\d+)`).exec(text)?.[1] ?? Number.NaN);
  const doSection = section('DISCOVER-OFFER');
  const raSection = section('REQUEST-ACK');
  const sent = num(doSection, 'sent packets');
  const acks = num(raSection, 'received packets');
  const drops = num(doSection, 'drops') + num(raSection, 'drops');
  return { server, rate, dora: acks / seconds, drops: sent > 0 ? drops / sent : Number.NaN, sent };
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the DHCP benchmark needs root (network namespaces)');
  const lab = await Lab.create('bench-dhcp');
  const base = mkdtempSync(join(tmpdir(), 'pdk-bench-dhcp-'));
  const results: Result[] = [];
  try {
    const bridge = await lab.bridge();
    const server = await lab.host('server');
    const client = await lab.host('perf');
    await lab.link(server, bridge, { ifname: 'eth0', addresses: [`${SERVER}/16`] });
    await lab.link(client, bridge, { ifname: 'eth0', addresses: ['10.77.0.2/16'] });
    const servers = args.servers.split(',');
    if (BASELINE && !servers.some((n) => n.startsWith('baseline'))) servers.push('baseline');
    for (const rate of RATES) {
      for (let round = 0; round < REPEAT; round++)
        for (const name of rotate(servers, round)) {
          const dir = join(base, `${name}-${rate}`);
          mkdirSync(dir, { recursive: true });
          const p = await starters[name]!(server, dir);
          try {
            const before = await rcvbufErrors(server);
            const etcdPid = name.endsWith('-etcd') ? (await etcdHolder.cluster)?.members[0]?.pid : undefined;
            const cpu0 = [cpuSeconds(p.pid), cpuSeconds(etcdPid)];
            const perf = await client.exec(
              [
                'perfdhcp',
                '-4',
                '-l',
                'eth0',
                '-W',
                String(EXIT_WAIT_US),
                '-r',
                String(rate),
                '-p',
                String(SECONDS),
                '-R',
                String(CLIENTS),
                SERVER,
              ],
              { timeoutMs: (SECONDS + 30) * 1000 },
            );
            const rcvbuf = (await rcvbufErrors(server)) - before;
            const cpu = [cpuSeconds(p.pid) - cpu0[0]!, cpuSeconds(etcdPid) - cpu0[1]!];
            const r = { ...parsePerfdhcp(perf.stdout, SECONDS, rate, name), rcvbuf };
            if (Number.isNaN(r.dora))
              throw new Error(`cannot read perfdhcp's report for ${name}:\n${perf.stdout}\n${perf.stderr}`);
            results.push(r);
            console.error(
              `${name} @ ${rate}/s: ${r.dora.toFixed(0)} DORA/s, ${(r.drops * 100).toFixed(2)} % drops, ${r.rcvbuf} requests lost to a full socket buffer; CPU ${cpu[0]!.toFixed(1)} s${etcdPid ? ` + etcd ${cpu[1]!.toFixed(1)} s` : ''}`,
            );
          } finally {
            if (process.env['PADDOCK_BENCH_DEBUG']) console.error(p.output().slice(-3000));
            await p.kill('SIGTERM', 3000);
          }
          rmSync(dir, { recursive: true, force: true });
        }
    }
  } finally {
    await lab.destroy();
    rmSync(base, { recursive: true, force: true });
    if (etcdHolder.cluster) await (await etcdHolder.cluster).close();
  }
  printTable(bestOf(results));
}

/** The list started at its `by`-th element: who goes first changes every round. */
function rotate<T>(list: readonly T[], by: number): T[] {
  const k = by % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

/** The best run of each (server, rate): most DORA/s, then fewest drops. */
function bestOf(results: Result[]): Result[] {
  const best = new Map<string, Result>();
  for (const r of results) {
    const key = `${r.server}@${r.rate}`;
    const b = best.get(key);
    if (!b || r.dora > b.dora || (r.dora === b.dora && r.drops < b.drops)) best.set(key, r);
  }
  return [...best.values()];
}

function printTable(results: Result[]): void {
  const names = [...new Set(results.map((r) => r.server))];
  const isPeer = (n: string) => !n.startsWith('paddock') && !n.startsWith('baseline');
  // A ratio column for each Paddock store that ran.
  const ours = ['paddock', 'paddock-etcd'].filter((n) => names.includes(n));
  const head = [
    'offered /s',
    ...names.map((n) => `${n} DORA/s (drops)`),
    ...ours.map((n) => `${n} / best peer`),
    ...(BASELINE ? [names.includes('baseline-etcd') ? 'paddock-etcd / baseline-etcd' : 'paddock / baseline'] : []),
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const rate of RATES) {
    const row = results.filter((r) => r.rate === rate);
    const cell = (n: string) => {
      const r = row.find((x) => x.server === n);
      return r ? `${r.dora.toFixed(0)} (${(r.drops * 100).toFixed(1)} %)` : '-';
    };
    const dora = (n: string) => row.find((r) => r.server === n)?.dora ?? Number.NaN;
    const best = row
      .filter((r) => isPeer(r.server))
      .reduce<Result | undefined>((b, r) => (b && b.dora >= r.dora ? b : r), undefined);
    const vs = (n: string) => (best ? `${(dora(n) / best.dora).toFixed(2)} (${best.server})` : '-');
    const vsBaseline = BASELINE
      ? [
          names.includes('baseline-etcd')
            ? dora('paddock-etcd') / dora('baseline-etcd')
            : dora('paddock') / dora('baseline'),
        ]
      : [];
    const ratios = [...ours.map(vs), ...vsBaseline.map((r) => r.toFixed(2))];
    lines.push(`| ${rate} | ${names.map(cell).join(' | ')} | ${ratios.join(' | ')} |`);
  }
  console.log(lines.join('\n'));
}

await main();
