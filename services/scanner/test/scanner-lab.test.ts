/**
 * The scanner against a real LAN in namespaces: 50 live hosts (each its own machine with its own
 * MAC, some with IEEE vendor prefixes), 5 silent ones, TCP/UDP listeners, a sleeping machine.
 * The real `paddock scanner serve` runs in the scanner host; the test calls it over gRPC.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labSkipReason } from '@paddock/lab';
import {
  type NodeEvent,
  NodeEventKind,
  PortState,
  Protocol,
  type Scan,
  ScanState,
  TcpMethod,
  type WatchNodesResponse,
} from '@paddock/proto/scanner/v1/scanner.ts';
import { WakeState } from '@paddock/proto/scanner/v1/wake.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPcap } from './helpers/pcap.ts';
import { portScanOptions } from './helpers/port-scan.ts';
import {
  buildScannerLab,
  CLI,
  type LabHost,
  labMac,
  listen,
  type RunningScanner,
  type ScannerLab,
  SLEEPER,
  startScanner,
} from './helpers/scanner-lab.ts';

const skip = labSkipReason();
const IEEE = '/usr/share/ieee-data';

/** The organisation of a registry row, read straight from the CSV (not through the scanner's parser). */
function registrant(file: string, prefix: string): string {
  const line = readFileSync(join(IEEE, file), 'utf8')
    .split('\n')
    .find((l) => l.split(',')[1] === prefix);
  const m = line && /^[^,]+,[^,]+,(?:"([^"]*)"|([^,]*))/.exec(line);
  if (!m) throw new Error(`${prefix} not in ${file}`);
  return (m[1] ?? m[2] ?? '').trim();
}

/** Live host i's MAC: a mix of MA-L, MA-M, MA-S, QEMU and other locally administered addresses. */
const VENDOR_PREFIXES: Array<{ prefix: string; file?: string }> = [
  { prefix: '001B21', file: 'oui.csv' },
  { prefix: '208593B', file: 'mam.csv' },
  { prefix: '70B3D5F2F', file: 'oui36.csv' },
  { prefix: '525400' },
  { prefix: '02EE00' },
];
const macOf = (i: number) => labMac(i, VENDOR_PREFIXES[i % VENDOR_PREFIXES.length]!.prefix.toLowerCase());

const OPTS = { cidrs: [] as string[], rate: 0, tries: 0, timeoutMs: 0, backoff: 0, fixedTimeout: false };

function pickPorts(n: number, lo: number, hi: number, avoid: Set<number> = new Set()): number[] {
  const out = new Set<number>();
  while (out.size < n) {
    const p = randomInt(lo, hi + 1);
    if (!avoid.has(p)) out.add(p);
  }
  return [...out].sort((a, b) => a - b);
}

/** Reads events until `until` holds; the iterator stays open for more (for-await would cancel it). */
/** One message of WatchNodes: the envelope's kind and revision, and the node event (SNAPSHOT, CHANGE). */
type Item = { kind: WatchEventKind; revision: bigint; event: NodeEvent | undefined };

async function collect(it: AsyncIterator<WatchNodesResponse>, until: (items: Item[]) => boolean) {
  const items: Item[] = [];
  for (;;) {
    const r = await it.next();
    if (r.done) throw new Error(`stream ended after ${items.length} events`);
    const w = r.value.watch;
    if (w && w.kind !== WatchEventKind.WATCH_EVENT_KIND_PROGRESS)
      items.push({ kind: w.kind, revision: w.revision, event: r.value.event });
    if (until(items)) return items;
  }
}
const synced = (items: Item[]) => items.some((x) => x.kind === WatchEventKind.WATCH_EVENT_KIND_SYNCED);

describe.skipIf(skip)('scanner in a 50-host lab', () => {
  let l: ScannerLab;
  let s: RunningScanner;

  /** A CLI command line run inside the scanner's namespace against the running server. */
  function cli(args: string[]): string[] {
    const run = JSON.parse(readFileSync(join(s.dataDir, 'run', 'scanner.json'), 'utf8')) as { grpc: string };
    return [process.execPath, CLI, ...args, '--server', run.grpc, '--insecure'];
  }

  /** A full scan of the subnet while `from` runs a flood helper at the scanner. */
  async function scanUnderFlood(from: LabHost, helper: string, args: string[]) {
    const flooder = from.host.spawnNode(join(import.meta.dirname, 'helpers', helper), [
      'eth0',
      '02:5c:00:00:00:01',
      l.scannerIp,
      ...args,
    ]);
    await flooder.waitForOutput(/flooding/);
    const { scan } = await s.scanner.startScan(
      { options: { ...OPTS, cidrs: [l.subnet] }, wait: true },
      { deadlineMs: 60_000 },
    );
    await flooder.exited;
    return scan!;
  }
  let firstScan: Scan;

  beforeAll(async () => {
    l = await buildScannerLab({ tag: 'scanner', net: '10.61.0', live: 50, silent: 5, macOf });
    s = await startScanner(l);
  }, 120_000);

  afterAll(async () => {
    await s?.stop();
    await l?.lab.destroy();
  });

  it('finds every live host with its MAC and vendor, and invents none', async () => {
    const { scan } = await s.scanner.startScan({ options: OPTS, wait: true }, { deadlineMs: 60_000 });
    firstScan = scan!;
    expect(scan?.state).toBe(ScanState.SCAN_STATE_DONE);
    expect(scan?.targets).toBe(253);
    const found = new Map(scan!.sightings.map((x) => [x.ip, x.mac]));
    expect(found).toEqual(new Map(l.live.map((h) => [h.ip, h.mac])));
    for (const q of l.silent) expect(found.has(q.ip)).toBe(false);

    const { nodes } = await s.scanner.listNodes({});
    expect(nodes.map((n) => n.mac).sort()).toEqual(l.live.map((h) => h.mac).sort());
    for (const [i, h] of l.live.entries()) {
      const node = nodes.find((n) => n.mac === h.mac)!;
      const v = VENDOR_PREFIXES[i % VENDOR_PREFIXES.length]!;
      expect(node.ips).toEqual([h.ip]);
      expect(node.online).toBe(true);
      if (v.file) expect(node.vendor).toMatchObject({ organization: registrant(v.file, v.prefix), prefix: v.prefix });
      else expect(node.vendor?.locallyAdministered).toBe(true);
      if (v.prefix === '525400') expect(node.vendor?.note).toMatch(/QEMU/);
    }
  }, 60_000);

  it('is at least as thorough as arp-scan: three requests to each silent address', () => {
    // 253 addresses; the 50 that answered were asked once or more; every silent one 3 times.
    expect(firstScan.requestsSent).toBeGreaterThanOrEqual(50 + 203 * 3);
    expect(firstScan.options).toMatchObject({ tries: 3, timeoutMs: 500, backoff: 1.5 });
  });

  it('streams disappeared, IP changed and conflict events live, and a resumed watch has no gaps or duplicates', async () => {
    const watch = new AbortController();
    const stream = s.scanner
      .watchNodes({ watch: { fromRevision: 0n } }, { signal: watch.signal })
      [Symbol.asyncIterator]();
    const initial = await collect(stream, synced);
    expect(initial[0]?.kind).toBe(WatchEventKind.WATCH_EVENT_KIND_RESET);
    expect(initial.filter((e) => e.kind === WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT)).toHaveLength(50);
    const syncedAt = initial.at(-1)!.revision;

    const [gone, mover, victim, spoofer] = [l.live[1]!, l.live[2]!, l.live[3]!, l.live[4]!];
    await gone.host.execOk(['ip', 'link', 'set', 'eth0', 'down']);
    await mover.host.execOk(['ip', 'addr', 'flush', 'dev', 'eth0']);
    await mover.host.execOk(['ip', 'addr', 'add', '10.61.0.150/24', 'dev', 'eth0']);
    await spoofer.host.execOk(['ip', 'addr', 'add', `${victim.ip}/24`, 'dev', 'eth0']);
    try {
      await s.scanner.startScan({ options: OPTS, wait: true }, { deadlineMs: 60_000 });

      // Disappeared, the mover's IP change, and the conflict (the spoofer's address set changes too).
      const has = (e: Item[], kind: NodeEventKind, mac: string) =>
        e.some((x) => x.event?.kind === kind && x.event.node?.mac === mac);
      const items = await collect(
        stream,
        (e) =>
          has(e, NodeEventKind.NODE_EVENT_KIND_DISAPPEARED, gone.mac) &&
          has(e, NodeEventKind.NODE_EVENT_KIND_IP_CHANGED, mover.mac) &&
          e.some((x) => x.event?.kind === NodeEventKind.NODE_EVENT_KIND_CONFLICT),
      );
      watch.abort();
      expect(items.every((x) => x.kind === WatchEventKind.WATCH_EVENT_KIND_CHANGE)).toBe(true);
      const live = items.map((x) => x.event!);
      const kinds = live.map((e) => [e.kind, e.node?.mac]);
      expect(kinds).toContainEqual([NodeEventKind.NODE_EVENT_KIND_DISAPPEARED, gone.mac]);
      expect(kinds).toContainEqual([NodeEventKind.NODE_EVENT_KIND_IP_CHANGED, mover.mac]);
      const changed = live.find(
        (e) => e.kind === NodeEventKind.NODE_EVENT_KIND_IP_CHANGED && e.node?.mac === mover.mac,
      )!;
      expect([changed.previousIps, changed.node?.ips]).toEqual([[mover.ip], ['10.61.0.150']]);
      const conflicts = live.filter((e) => e.kind === NodeEventKind.NODE_EVENT_KIND_CONFLICT);
      expect(conflicts.map((c) => c.conflictIp)).toContain(victim.ip);
      expect(conflicts.flatMap((c) => [c.node?.mac, c.otherMac]).sort()).toEqual(
        expect.arrayContaining([victim.mac, spoofer.mac]),
      );

      // Resume from the first live event: exactly the later ones follow, then SYNCED.
      const again = new AbortController();
      const resumed = await collect(
        s.scanner
          .watchNodes({ watch: { fromRevision: items[0]!.revision } }, { signal: again.signal })
          [Symbol.asyncIterator](),
        synced,
      );
      again.abort();
      const replayed = resumed.filter((e) => e.kind !== WatchEventKind.WATCH_EVENT_KIND_SYNCED);
      expect(replayed.every((e) => e.kind === WatchEventKind.WATCH_EVENT_KIND_CHANGE)).toBe(true);
      expect(replayed.slice(0, items.length - 1).map((e) => e.revision)).toEqual(items.slice(1).map((e) => e.revision));
      expect(new Set(replayed.map((e) => e.revision)).size).toBe(replayed.length);
      expect(replayed.every((e) => e.revision > items[0]!.revision && e.revision > syncedAt)).toBe(true);
    } finally {
      await gone.host.execOk(['ip', 'link', 'set', 'eth0', 'up']);
      await spoofer.host.execOk(['ip', 'addr', 'del', `${victim.ip}/24`, 'dev', 'eth0']);
    }
  }, 60_000);

  it('reports exactly the TCP ports the test opened, by connect and by SYN, with service names', async () => {
    const hosts = [l.live[10]!, l.live[11]!, l.live[12]!];
    const opened = new Map<string, number[]>();
    for (const h of hosts) {
      const ports = pickPorts(3, 1, 2000, new Set([22]));
      if (h === hosts[0]) ports.push(22);
      opened.set(h.ip, ports);
      await listen(
        h.host,
        ports.map((p) => `tcp:${p}`),
      );
    }
    const targets = [...hosts.map((h) => h.ip), l.live[13]!.ip, l.live[14]!.ip];
    const expected = [...opened].flatMap(([ip, ports]) => ports.map((p) => `${ip}:${p}`)).sort();
    for (const tcpMethod of [TcpMethod.TCP_METHOD_CONNECT, TcpMethod.TCP_METHOD_SYN]) {
      const { portScan } = await s.scanner.startPortScan(
        {
          options: portScanOptions(targets, '1-2000', { tcpMethod }),
          wait: true,
        },
        { deadlineMs: 120_000 },
      );
      expect(portScan?.state).toBe(ScanState.SCAN_STATE_DONE);
      expect(portScan?.results.map((r) => `${r.ip}:${r.port}`).sort()).toEqual(expected);
      expect(portScan?.results.every((r) => r.state === PortState.PORT_STATE_OPEN)).toBe(true);
      expect(portScan?.counts).toEqual({ open: expected.length, closed: 5 * 2000 - expected.length });
      expect(portScan?.results.find((r) => r.port === 22)?.service).toBe('ssh');
    }
    const { nodes } = await s.scanner.listNodes({});
    const node = nodes.find((n) => n.mac === hosts[0]!.mac)!;
    expect(node.openPorts.map((p) => p.port)).toEqual(opened.get(hosts[0]!.ip)!.sort((a, b) => a - b));
  }, 120_000);

  it('tells open, closed and silent UDP ports apart with protocol probes and ICMP', async () => {
    const h = l.live[20]!;
    // Linux limits ICMP errors to about one a second per peer after a burst: lift that here so
    // every closed port can say so (the scanner would report the rest open|filtered).
    await h.host.sysctl('net.ipv4.icmp_ratelimit', 0);
    const open = pickPorts(2, 1000, 1999);
    const silent = pickPorts(1, 2000, 2999);
    await listen(h.host, [...open.map((p) => `udp:${p}`), ...silent.map((p) => `udp-silent:${p}`), 'udp:53']);
    const closed = pickPorts(5, 3000, 3999);
    const ports = [...open, ...silent, ...closed, 53].join(',');
    const { portScan } = await s.scanner.startPortScan(
      {
        options: portScanOptions([h.ip], ports, { protocols: [Protocol.PROTOCOL_UDP], timeoutMs: 300, udpRetries: 1 }),
        wait: true,
      },
      { deadlineMs: 60_000 },
    );
    const by = (state: PortState) =>
      portScan!.results
        .filter((r) => r.state === state)
        .map((r) => r.port)
        .sort((a, b) => a - b);
    expect(by(PortState.PORT_STATE_OPEN)).toEqual([53, ...open].sort((a, b) => a - b));
    expect(by(PortState.PORT_STATE_OPEN_FILTERED)).toEqual(silent);
    expect(portScan?.counts['closed']).toBe(closed.length);
    expect(portScan?.results.find((r) => r.port === 53)).toMatchObject({ service: 'domain', reason: 'udp-response' });
  }, 60_000);

  it('refuses malformed CIDRs and port ranges with a clear error', async () => {
    await expect(
      s.scanner.startScan({ options: { ...OPTS, cidrs: ['10.61.0.0/33'] }, wait: true }),
    ).rejects.toMatchObject({
      code: 3,
      details: expect.stringMatching(/not an IPv4 CIDR: "10.61.0.0\/33"/),
    });
    await expect(
      s.scanner.startPortScan({
        options: portScanOptions(['10.61.0.10'], '90-80'),
        wait: true,
      }),
    ).rejects.toMatchObject({ code: 3, details: expect.stringMatching(/runs backwards/) });
    await expect(s.wake.wake({ mac: 'not-a-mac', password: '', ip: '', timeoutMs: 0, port: 0 })).rejects.toMatchObject({
      code: 3,
      details: expect.stringMatching(/not a MAC address/),
    });
  });

  it('ignores a flood of garbage and unasked replies, with bounded memory, and still finds every host', async () => {
    const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${serverPid()}/status`, 'utf8'))?.[1] ?? 0);
    const before = rss();
    const scan = await scanUnderFlood(l.live[30]!, 'flood.ts', ['150000']);
    const found = new Set(scan.sightings.map((x) => x.ip));
    const missing = l.live.filter((h) => h !== l.live[2] && !found.has(h.ip)).map((h) => h.ip);
    expect(missing).toEqual([]);
    expect(found.has('10.61.0.150')).toBe(true);
    expect([...found].every((ip) => ip.startsWith('10.61.0.'))).toBe(true);
    expect(Number(scan.dropped['not-asked'] ?? 0n) + Number(scan.dropped['malformed'] ?? 0n)).toBeGreaterThan(0);
    expect(rss() - before).toBeLessThan(64 * 1024);
  }, 60_000);

  it('keeps the node list bounded under replies with random MACs, and forgets them after a clean scan', async () => {
    const counts: number[] = [];
    const before = (await s.scanner.listNodes({})).nodes.length;
    for (let i = 0; i < 3; i++) {
      const scan = await scanUnderFlood(l.live[31]!, 'spoof-flood.ts', ['10.61.0', '10']);
      expect(Number(scan.dropped['unconfirmed-mac'] ?? 0n)).toBeGreaterThan(0);
      expect(Number(scan.dropped['contested-address'] ?? 0n)).toBeGreaterThan(0);
      counts.push((await s.scanner.listNodes({})).nodes.length);
    }
    await s.scanner.startScan({ options: { ...OPTS, cidrs: [l.subnet] }, wait: true }, { deadlineMs: 60_000 });
    const after = (await s.scanner.listNodes({})).nodes.length;
    console.log(`nodes: ${before} before, ${counts.join(', ')} after three flooded scans, ${after} after a clean scan`);
    // At most one made-up machine per address of the /24, whatever the number of scans.
    for (const n of counts) expect(n).toBeLessThanOrEqual(before + 254);
    expect(after).toBeLessThanOrEqual(before);
  }, 240_000);

  function serverPid(): number {
    const run = JSON.parse(readFileSync(join(s.dataDir, 'run', 'scanner.json'), 'utf8')) as { pid: number };
    return run.pid;
  }

  it('sends the magic packet byte-exact, as a raw 0x0842 frame and a UDP broadcast (tcpdump)', async () => {
    const target = '52:54:00:ab:cd:ef';
    const password = '11:22:33:44:55:66';
    const cap = join(s.dataDir, 'wol.pcap');
    const tcpdump = l.live[40]!.host.spawn([
      'tcpdump',
      '-i',
      'eth0',
      '-U',
      '-n',
      '-w',
      cap,
      'ether proto 0x0842 or udp port 9',
    ]);
    await tcpdump.waitForOutput(/listening on eth0/);
    const { wake } = await s.wake.wake({ mac: target, password, ip: '', timeoutMs: 1500, port: 0 });
    await waitForWake(wake!.id, WakeState.WAKE_STATE_FAILED);
    await tcpdump.kill('SIGINT');
    const frames = readPcap(readFileSync(cap));
    const body = [
      ...new Array(6).fill(0xff),
      ...new Array(16).fill([0x52, 0x54, 0, 0xab, 0xcd, 0xef]).flat(),
      0x11,
      0x22,
      0x33,
      0x44,
      0x55,
      0x66,
    ];
    const raw = frames.filter((f) => f[12] === 0x08 && f[13] === 0x42);
    expect(raw.length).toBeGreaterThanOrEqual(1);
    expect([...raw[0]!]).toEqual([...new Array(6).fill(0xff), 0x02, 0x5c, 0, 0, 0, 1, 0x08, 0x42, ...body]);
    const udp = frames.filter((f) => f[12] === 0x08 && f[13] === 0x00);
    expect(udp.length).toBeGreaterThanOrEqual(1);
    const ip = udp[0]!.subarray(14);
    expect([...ip.subarray(16, 20)]).toEqual([255, 255, 255, 255]);
    expect((ip[22]! << 8) | ip[23]!).toBe(9);
    expect([...ip.subarray(28)]).toEqual(body);
  }, 30_000);

  async function waitForWake(id: string, state: WakeState, ms = 30_000) {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), ms);
    try {
      for await (const { event } of s.wake.watchWakes({ watch: { fromRevision: 0n } }, { signal: ac.signal })) {
        if (event?.wake?.id === id && event.wake.state !== WakeState.WAKE_STATE_WAKING) {
          expect(event.wake.state).toBe(state);
          return event.wake;
        }
      }
    } finally {
      clearTimeout(timer);
      ac.abort();
    }
    throw new Error(`wake ${id} did not finish`);
  }

  it('reports a sleeping machine awake once it answers, and one that never wakes as failed', async () => {
    const sleeper = await l.lab.host('sleeper');
    await sleeper.sysctl('net.ipv6.conf.all.disable_ipv6', 1);
    await sleeper.sysctl('net.ipv6.conf.default.disable_ipv6', 1);
    const mac = '52:54:00:5e:e9:01';
    await l.lab.link(sleeper, l.bridge, { ifname: 'eth0', mac });
    const proc = sleeper.spawnNode(SLEEPER, ['eth0', '10.61.0.99/24', '700']);
    await proc.waitForOutput(/asleep/);
    const started = Date.now();
    const { wake } = await s.wake.wake({ mac, password: '', ip: '10.61.0.99', timeoutMs: 15_000, port: 0 });
    expect(wake?.state).toBe(WakeState.WAKE_STATE_WAKING);
    const done = await waitForWake(wake!.id, WakeState.WAKE_STATE_AWAKE);
    expect(proc.output()).toMatch(/magic packet for 52:54:00:5e:e9:01/);
    expect(done.detail).toMatch(/arp reply|echo reply|frame from the MAC/);
    expect(Date.now() - started).toBeLessThan(15_000);

    // Through the CLI, inside the scanner's namespace: a machine that never wakes fails, exit 1.
    const r = await l.scanner.exec(cli(['wake', '52:54:00:de:ad:00', '--ip', '10.61.0.98', '--timeout', '2000']));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/52:54:00:de:ad:00 failed after \d+\.\d s \(no answer within 2 s\)/);
  }, 60_000);

  it('prints a scan with vendors through the CLI', async () => {
    const r = await l.scanner.execOk(cli(['scanner', 'scan', '10.61.0.0/26']));
    expect(r.stdout).toMatch(new RegExp(`10\\.61\\.0\\.10\\s+${l.live[0]!.mac}\\s+${registrant('oui.csv', '001B21')}`));
    expect(r.stdout).toMatch(/answered of 61 addresses \(10\.61\.0\.0\/26\) on eth0/);
  }, 30_000);
});
