/**
 * DHCP failover benchmark: two paddock dhcp servers on one segment sharing a 3-member etcd
 * (Debian's etcd-server on loopback), perfdhcp broadcasting DISCOVERs that both servers answer,
 * its drop rate second by second while one of them is killed. Run as root:
 *
 *   node test/bench/dhcp-failover.ts [--rate 500] [--seconds 20] [--at 8] [--phases server,etcd-one,etcd-two]
 *
 * Phases, each one perfdhcp run of --seconds with a report every second, the fault at --at s:
 * - `server`: kill -9 of server A; B alone answers from then on.
 * - `etcd-one`: kill -9 of the etcd leader (quorum kept; the worst member to lose: the others
 *   elect a new one first).
 * - `etcd-two`: kill -9 of a second member (no quorum: claims time out, no ACK, the servers log
 *   why); the member is restarted --down seconds later.
 * For each phase: ACKs per second before the fault, the seconds after it that received under
 * 90 % of that (elevated drops), the deepest shortfall, the seconds until it recovered, and
 * perfdhcp's own totals (drops, and addresses it was given twice).
 * At the end the bound leases in etcd are read with etcdctl: no client holds two addresses
 * and (the key being the address) no address has two holders. The correctness of every ACK
 * (each ACKed lease in etcd after kill -9) is asserted by services/dhcp/test/etcd-ha.lab.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Host, Lab, LabProcess } from '@paddock/lab';
import { type EtcdCluster, startEtcdCluster } from '@paddock/testkit';
import { decodeLease, leasePrefix } from '../../services/dhcp/src/store/etcd/lease-etcd-wire.ts';
import { elevatedSeconds, parsePeriodic } from './perfdhcp-periodic.ts';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '20' },
    at: { type: 'string', default: '8' },
    down: { type: 'string', default: '5' },
    phases: { type: 'string', default: 'server,etcd-one,etcd-two' },
  },
});
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const AT = Number(args.at);
const DOWN = Number(args.down);
const ROOT = join(import.meta.dirname, '..', '..');
const PREFIX = '/paddock/lab/';

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the failover benchmark needs root (network namespaces)');
  const lab = await Lab.create('bench-failover');
  const base = mkdtempSync(join(tmpdir(), 'pdk-bench-failover-'));
  const etcd = await startEtcdCluster(3);
  const servers: LabProcess[] = [];
  try {
    const bridge = await lab.bridge();
    const [a, b, perf] = [await lab.host('server-a'), await lab.host('server-b'), await lab.host('perf')];
    await lab.link(a, bridge, { ifname: 'eth0', addresses: ['10.77.0.1/16'] });
    await lab.link(b, bridge, { ifname: 'eth0', addresses: ['10.77.0.3/16'] });
    await lab.link(perf, bridge, { ifname: 'eth0', addresses: ['10.77.0.2/16'] });
    servers.push(await startServer(a, join(base, 'a'), etcd), await startServer(b, join(base, 'b'), etcd));
    const mark = (s: LabProcess) => s.output().length;
    for (const phase of args.phases.split(',')) {
      const fault = faults[phase];
      if (!fault) throw new Error(`unknown phase ${phase}`);
      const from = servers.map(mark);
      const run = perfdhcp(perf, phase);
      await sleep(AT * 1000);
      const recover = await fault({ servers, etcd });
      const out = await run;
      const rows = parsePeriodic(out);
      const e = elevatedSeconds(rows, AT);
      console.log(
        `${phase}: ${RATE}/s offered, ${e.normal} ACKs/s before the fault, under 90 % of that for ${e.elevated} s` +
          ` after it (deepest ${pct(e.peak)} short), normal again ${e.recoveredAfter ?? 'never'} s after it; ${totals(out)}; load ${loadavg()}`,
      );
      console.log(`  ACKs per second: ${rows.map((r) => r.acks).join(' ')}`);
      if (recover) console.log(`  ${recover}`);
      const said = servers.map((s, i) => s.output().slice(from[i])).join('\n');
      for (const line of said.split('\n').filter((l) => /etcd (does not )?confirms? lease claims/.test(l)))
        console.log(`  server: ${line.trim().slice(0, 400)}`);
    }
    const holders = boundHolders(etcd);
    console.log(`bound leases in etcd: ${holders.leases}; clients holding two addresses: ${holders.twice}`);
  } finally {
    for (const s of servers) await s.kill('SIGKILL');
    await lab.destroy();
    await etcd.close();
    rmSync(base, { recursive: true, force: true });
  }
}

type Fault = (x: { servers: LabProcess[]; etcd: EtcdCluster }) => Promise<string | undefined>;

const faults: Record<string, Fault> = {
  async server({ servers }) {
    await servers[0]!.kill('SIGKILL');
    return undefined;
  },
  async 'etcd-one'({ etcd }) {
    const leader = await etcd.leader();
    await etcd.members[Math.max(0, leader)]!.stop(true);
    return leader >= 0 ? `killed the leader, ${etcd.members[leader]!.name}` : 'no leader found: killed m0';
  },
  async 'etcd-two'({ etcd }) {
    // A member still running: after etcd-one, the new leader.
    const live = Math.max(0, await etcd.leader());
    await etcd.members[live]!.stop(true);
    await sleep(DOWN * 1000);
    const t = Date.now();
    await etcd.members[live]!.restart();
    return `${etcd.members[live]!.name} restarted ${DOWN} s after the fault (its start took ${Date.now() - t} ms)`;
  },
};

/** paddock dhcp with its leases in etcd, its sockets in `host`, the process on loopback. */
async function startServer(host: Host, dir: string, etcd: EtcdCluster): Promise<LabProcess> {
  const p = new LabProcess(
    [
      process.execPath,
      join(ROOT, 'services', 'dhcp', 'test', 'dhcp-process.ts'),
      dir,
      'eth0',
      '10.77.0.0/16',
      '10.77.1.0-10.77.255.250',
    ],
    { env: { PADDOCK_DHCP_NETNS: host.netns, PADDOCK_DHCP_STORE: `etcd://${etcd.endpoints}` } },
  );
  await p.waitForOutput(/dhcp listening/, 60_000);
  return p;
}

/** perfdhcp broadcasting from `host` (no server address: every server on the segment hears it). */
async function perfdhcp(host: Host, phase: string): Promise<string> {
  const r = await host.exec(
    ['perfdhcp', '-4', '-l', 'eth0', '-r', String(RATE), '-p', String(SECONDS), '-t', '1', '-R', '60000'],
    { timeoutMs: (SECONDS + 30) * 1000 },
  );
  if (!/REQUEST-ACK/.test(r.stdout)) throw new Error(`perfdhcp (${phase}) gave no report:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Bound leases in etcd by client, read with etcdctl (not through Paddock). */
function boundHolders(etcd: EtcdCluster): { leases: number; twice: number } {
  const out = execFileSync('etcdctl', [`--endpoints=${etcd.endpoints}`, 'get', '--prefix', leasePrefix(PREFIX)], {
    encoding: 'utf8',
    env: { ETCDCTL_API: '3' },
    maxBuffer: 256 << 20,
  }).trim();
  const lines = out ? out.split('\n') : [];
  const byMac = new Map<string, number>();
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const d = decodeLease(lines[i]!, lines[i + 1]!);
    if ('error' in d) throw new Error(`${lines[i]}: ${d.error}`);
    if (d.lease.state === 'bound') byMac.set(d.lease.mac, (byMac.get(d.lease.mac) ?? 0) + 1);
  }
  return {
    leases: [...byMac.values()].reduce((s, n) => s + n, 0),
    twice: [...byMac.values()].filter((n) => n > 1).length,
  };
}

/** perfdhcp's final figures: drops of both exchanges and addresses handed to two of its clients. */
function totals(out: string): string {
  const sections = out.split(/\*\*\*Statistics for: /);
  const num = (name: string, label: string) =>
    Number(new RegExp(`${label}: (\\d+)`).exec(sections.find((x) => x.startsWith(name)) ?? '')?.[1] ?? Number.NaN);
  const sent = num('DISCOVER-OFFER', 'sent packets');
  const drops = num('DISCOVER-OFFER', 'drops') + num('REQUEST-ACK', 'drops');
  return `perfdhcp: ${pct(drops / sent)} of ${sent} exchanges dropped, ${num('REQUEST-ACK', 'non unique addresses')} non-unique addresses`;
}

const loadavg = () => execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await main();
