/** What the overlay benchmark measures with: a hand-built reference pair, iperf3, load. */
import { loadavg } from 'node:os';
import type { Host } from '@paddock/lab';
import { type LabMember, type OverlayLab, PORT } from '../../services/overlay/test/overlay-lab.ts';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** The 1-minute load average, printed with every figure: the machine is shared. */
export const load = () => loadavg()[0]!.toFixed(2);

/** The textbook hand-built pair: what an operator would type, same MTUs as the agent computes. */
export async function handBuild(o: OverlayLab, self: LabMember, peer: LabMember, i: number): Promise<void> {
  const h = self.host;
  const { wireguard: wg, vxlan: vx, bridge: br } = self.ifs;
  // In a session of its own, as the agent (and a service manager) runs it: with scheduler
  // autogroups a daemon sharing the benchmark's session shares iperf3's group, which alone
  // made the hand-built pair 1.2x faster (0.81 this way against 1.11 in a session of its own).
  const p = h.spawn(['setsid', '-w', 'wireguard-go', '-f', wg]);
  o.daemons.add(p.pid);
  for (let t = 0; (await h.exec(['wg', 'show', wg])).code !== 0; t++) {
    if (t > 100) throw new Error(`wireguard-go did not create ${wg}: ${p.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const sh = (...argv: string[]) => h.execOk(argv);
  const peerTunnel = `10.88.0.${3 - i}`;
  await sh('ip', 'addr', 'add', `10.88.0.${i}/24`, 'dev', wg);
  await sh('ip', 'link', 'set', 'dev', wg, 'mtu', '1440', 'up');
  await sh('wg', 'set', wg, 'private-key', self.keyFile, 'listen-port', String(PORT));
  await sh(
    'wg',
    'set',
    wg,
    'peer',
    peer.member.publicKey,
    'endpoint',
    peer.member.endpoint,
    'allowed-ips',
    `${peerTunnel}/32`,
  );
  await sh(
    'ip',
    'link',
    'add',
    vx,
    'mtu',
    '1390',
    'type',
    'vxlan',
    'id',
    '77',
    'local',
    `10.88.0.${i}`,
    'dev',
    wg,
    'dstport',
    '4789',
  );
  await sh('ip', 'link', 'add', br, 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0');
  await sh('ip', 'link', 'set', 'dev', vx, 'master', br, 'up');
  await sh('bridge', 'fdb', 'append', '00:00:00:00:00:00', 'dev', vx, 'dst', peerTunnel);
  await sh('ip', 'addr', 'add', `10.89.0.${i}/24`, 'dev', br);
  await sh('ip', 'link', 'set', 'dev', br, 'mtu', '1390', 'up');
}

/** iperf3 TCP from `client` to `server` at `ip` for `seconds`; Gbit/s received. */
export async function iperf(client: Host, server: Host, ip: string, seconds: number): Promise<number> {
  const s = server.spawn(['iperf3', '-s', '-1', '-B', ip, '--forceflush']);
  await s.waitForOutput(/Server listening/);
  const r = await client.execOk(['iperf3', '-c', ip, '-t', String(seconds), '-J'], {
    timeoutMs: (seconds + 20) * 1000,
  });
  await s.exited;
  const j = JSON.parse(r.stdout) as { end: { sum_received: { bits_per_second: number } } };
  return j.end.sum_received.bits_per_second / 1e9;
}

/** Runs each measurement `repeat` times, rotating which goes first (the load drifts within a run). */
export async function alternate(
  repeat: number,
  runs: Record<string, () => Promise<number>>,
  log: (line: string) => void,
): Promise<Record<string, number[]>> {
  const names = Object.keys(runs);
  const out: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < repeat; i++) {
    const order = [...names.slice(i % names.length), ...names.slice(0, i % names.length)];
    for (const n of order) out[n]!.push(await runs[n]!());
    log(`run ${i + 1}: ${names.map((n) => `${n} ${out[n]!.at(-1)!.toFixed(3)} Gbit/s`).join(', ')} (load ${load()})`);
  }
  return out;
}
