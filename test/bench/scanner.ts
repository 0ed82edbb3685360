/**
 * Scanner benchmark: Paddock's scanner against arp-scan and nmap on the same lab in the same
 * run (50 live hosts and 5 silent ones on a /24, each its own namespace and MAC). Run as root:
 *
 *   node test/bench/scanner.ts [--repeat 3] [--hosts 50] [--only arp|ports]
 *
 * 1. /24 ARP scan wall time and hosts found: paddock (gRPC call to a running server, and the
 *    one-shot `paddock scanner scan` command including Node's start-up), arp-scan with
 *    paddock's tries (3) and its defaults (2), and `nmap -sn`.
 * 2. A 1000-port TCP scan of 10 hosts with listeners on random ports: paddock connect vs
 *    `nmap -sT`, paddock SYN vs `nmap -sS`, findings compared port by port.
 * Medians of --repeat runs; ratio = paddock time / peer time (below 1: paddock is faster).
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Protocol, TcpMethod } from '@paddock/proto/scanner/v1/scanner.ts';
import {
  buildScannerLab,
  CLI,
  listen,
  type RunningScanner,
  type ScannerLab,
  startScanner,
} from '../../services/scanner/test/helpers/scanner-lab.ts';

const { values: args } = parseArgs({
  options: {
    repeat: { type: 'string', default: '3' },
    hosts: { type: 'string', default: '50' },
    // `arp` runs only the /24 ARP scans (the CLI's start-up shows there), `ports` only port scans.
    only: { type: 'string', default: 'all' },
  },
});
const REPEAT = Math.min(10, Number(args.repeat));
const HOSTS = Math.min(200, Number(args.hosts));
const NET = '10.64.0';
const SUBNET = `${NET}.0/24`;

interface Row {
  task: string;
  tool: string;
  seconds: number;
  found: string;
  same?: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

type Tool = readonly [name: string, run: () => Promise<Set<string>>];

/** Runs the tools round-robin, so a busy moment of the machine hits all of them alike. */
async function interleave(tools: readonly Tool[]): Promise<Array<{ seconds: number; found: Set<string>[] }>> {
  const times = tools.map(() => [] as number[]);
  const found = tools.map(() => [] as Set<string>[]);
  for (let round = 0; round < REPEAT; round++) {
    for (const [i, [, run]] of tools.entries()) {
      const r = await timed(run);
      times[i]!.push(r.ms);
      found[i]!.push(r.value);
    }
  }
  return tools.map((_, i) => ({ seconds: median(times[i]!) / 1000, found: found[i]! }));
}

const OPTS = { cidrs: [SUBNET], rate: 0, tries: 0, timeoutMs: 0, backoff: 0, fixedTimeout: false };

async function arpScans(l: ScannerLab, s: RunningScanner, grpcAddress: string): Promise<Row[]> {
  const live = new Set(l.live.map((h) => h.ip));
  const exec = async (argv: string[]) => (await l.scanner.execOk(argv)).stdout;
  const tools: Tool[] = [
    [
      'paddock (gRPC StartScan)',
      async () => {
        const { scan } = await s.scanner.startScan({ options: OPTS, wait: true }, { deadlineMs: 60_000 });
        return new Set(scan!.sightings.map((x) => x.ip));
      },
    ],
    [
      'paddock scanner scan (CLI process)',
      async () => {
        const out = await exec([
          process.execPath,
          CLI,
          'scanner',
          'scan',
          SUBNET,
          '--server',
          grpcAddress,
          '--insecure',
        ]);
        return new Set([...out.matchAll(/^(\d+\.\d+\.\d+\.\d+)\s/gm)].map((m) => m[1]!));
      },
    ],
    [
      'arp-scan --retry=3',
      async () => arpScanIps(await exec(['arp-scan', '-I', 'eth0', '-q', '-x', '--retry=3', SUBNET])),
    ],
    [
      'arp-scan (defaults: 2 tries)',
      async () => arpScanIps(await exec(['arp-scan', '-I', 'eth0', '-q', '-x', SUBNET])),
    ],
    [
      'nmap -sn',
      async () => {
        const out = await exec(['nmap', '-sn', '-n', '-oG', '-', SUBNET]);
        const up = [...out.matchAll(/^Host: (\S+) .*Status: Up/gm)].map((m) => m[1]!);
        return new Set(up.filter((ip) => ip !== l.scannerIp));
      },
    ],
  ];
  const results = await interleave(tools);
  return tools.map(([tool], i) => {
    const r = results[i]!;
    const counts = r.found.map((f) => [...f].filter((ip) => live.has(ip)).length);
    const invented = r.found.map((f) => [...f].filter((ip) => !live.has(ip)).length);
    return {
      task: `/24 ARP scan (${live.size} live)`,
      tool,
      seconds: r.seconds,
      found: `${Math.min(...counts)}-${Math.max(...counts)} found${Math.max(...invented) ? `, ${Math.max(...invented)} invented` : ''}`,
    };
  });
}

function arpScanIps(out: string): Set<string> {
  return new Set([...out.matchAll(/^(\d+\.\d+\.\d+\.\d+)\t/gm)].map((m) => m[1]!));
}

async function portScans(l: ScannerLab, s: RunningScanner): Promise<Row[]> {
  const hosts = l.live.slice(0, 10);
  const truth = new Set<string>();
  for (const h of hosts) {
    const ports = new Set<number>([22, 80]);
    while (ports.size < 2 + randomInt(1, 6)) ports.add(randomInt(1, 1001));
    for (const p of ports) truth.add(`${h.ip}:${p}`);
    await listen(
      h.host,
      [...ports].map((p) => `tcp:${p}`),
    );
  }
  const ips = hosts.map((h) => h.ip);
  const nmap = async (method: string) => {
    const out = (await l.scanner.execOk(['nmap', method, '-n', '-p1-1000', '-oG', '-', ...ips])).stdout;
    const found = new Set<string>();
    for (const m of out.matchAll(/^Host: (\S+) .*Ports: (.*)$/gm)) {
      for (const entry of m[2]!.split(', ')) {
        const [port, state] = entry.split('/');
        if (state === 'open') found.add(`${m[1]}:${port}`);
      }
    }
    return found;
  };
  const paddock = (tcpMethod: TcpMethod) => async () => {
    const { portScan } = await s.scanner.startPortScan(
      {
        options: {
          targets: ips,
          ports: '1-1000',
          protocols: [Protocol.PROTOCOL_TCP],
          tcpMethod,
          concurrency: 0,
          timeoutMs: 0,
          udpRetries: 0,
        },
        wait: true,
      },
      { deadlineMs: 300_000 },
    );
    return new Set(portScan!.results.filter((r) => r.state === 1).map((r) => `${r.ip}:${r.port}`));
  };
  const same = (sets: Set<string>[]) => sets.every((f) => f.size === truth.size && [...f].every((x) => truth.has(x)));
  const tools: Tool[] = [
    ['paddock connect', paddock(TcpMethod.TCP_METHOD_CONNECT)],
    ['nmap -sT', () => nmap('-sT')],
    ['paddock SYN', paddock(TcpMethod.TCP_METHOD_SYN)],
    ['nmap -sS', () => nmap('-sS')],
  ];
  const results = await interleave(tools);
  return tools.map(([tool], i) => ({
    task: `1000 TCP ports x 10 hosts (${truth.size} open)`,
    tool,
    seconds: results[i]!.seconds,
    found: `${results[i]!.found[0]!.size} open`,
    same: same(results[i]!.found),
  }));
}

function printTable(rows: Row[]): void {
  const peerTime = (task: string, tools: string[]) =>
    Math.min(...rows.filter((r) => r.task === task && tools.some((t) => r.tool.startsWith(t))).map((r) => r.seconds));
  const lines = ['| task | tool | wall time (median) | result | ratio paddock / peer |', '|---|---|---|---|---|'];
  for (const r of rows) {
    let ratio = '';
    if (r.tool.startsWith('paddock')) {
      const peers = r.task.startsWith('/24')
        ? ['arp-scan', 'nmap']
        : r.tool.includes('SYN')
          ? ['nmap -sS']
          : ['nmap -sT'];
      const best = peerTime(r.task, peers);
      ratio = `${(r.seconds / best).toFixed(2)} (vs fastest of ${peers.join(', ')}: ${best.toFixed(2)} s)`;
    }
    const result =
      r.same === undefined
        ? r.found
        : `${r.found}, ${r.same ? 'identical to the opened ports' : 'DIFFERENT from the opened ports'}`;
    lines.push(`| ${r.task} | ${r.tool} | ${r.seconds.toFixed(2)} s | ${result} | ${ratio} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.getuid?.() !== 0) throw new Error('the scanner benchmark needs root (network namespaces)');
const l = await buildScannerLab({ tag: 'bench-scanner', net: NET, live: HOSTS, silent: 5 });
let s: RunningScanner | undefined;
try {
  s = await startScanner(l);
  const run = JSON.parse(readFileSync(join(s.dataDir, 'run', 'scanner.json'), 'utf8')) as { grpc: string };
  await s.scanner.startScan({ options: OPTS, wait: true }, { deadlineMs: 60_000 });
  const rows = [
    ...(args.only === 'ports' ? [] : await arpScans(l, s, run.grpc)),
    ...(args.only === 'arp' ? [] : await portScans(l, s)),
  ];
  process.stdout.write(
    `\nscanner benchmark: ${HOSTS} live + 5 silent hosts on ${SUBNET}, median of ${REPEAT} runs\n\n`,
  );
  printTable(rows);
} finally {
  await s?.stop();
  await l.lab.destroy();
}
