/**
 * Overlay benchmark: iperf3 TCP between two bridges of Paddock's agent-built overlay
 * (wireguard-go + VXLAN + bridge, from `overlay agent --state`) against a pair configured by
 * hand with the same tools and MTUs, in the same lab, in the same run, alternating. Run as root:
 *
 *   node test/bench/overlay.ts [--repeat 3] [--seconds 8]
 *
 * Prints the median throughput of each and the ratio paddock / hand-built (goal: ≥ 0.9).
 */
import { parseArgs } from 'node:util';
import type { Host } from '@paddock/lab';
import { type LabMember, OverlayLab, PORT } from '../../services/overlay/test/overlay-lab.ts';

const { values: args } = parseArgs({
  options: { repeat: { type: 'string', default: '3' }, seconds: { type: 'string', default: '8' } },
});
const REPEAT = Math.min(10, Number(args.repeat));
const SECONDS = Math.min(60, Number(args.seconds));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The textbook hand-built pair: what an operator would type, same MTUs as the agent computes. */
async function handBuild(o: OverlayLab, self: LabMember, peer: LabMember, i: number): Promise<void> {
  const h = self.host;
  const { wireguard: wg, vxlan: vx, bridge: br } = self.ifs;
  const p = h.spawn(['wireguard-go', '-f', wg]);
  o.daemons.add(p.pid);
  for (let t = 0; (await h.exec(['wg', 'show', wg])).code !== 0; t++) {
    if (t > 100) throw new Error(`wireguard-go did not create ${wg}: ${p.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const sh = (...argv: string[]) => h.execOk(argv);
  await sh('ip', 'addr', 'add', `10.88.0.${i}/24`, 'dev', wg);
  await sh('ip', 'link', 'set', 'dev', wg, 'mtu', '1440', 'up');
  await sh('wg', 'set', wg, 'private-key', self.keyFile, 'listen-port', String(PORT));
  const peerIp = peer.member.endpoint;
  const peerTunnel = `10.88.0.${3 - i}`;
  await sh('wg', 'set', wg, 'peer', peer.member.publicKey, 'endpoint', peerIp, 'allowed-ips', `${peerTunnel}/32`);
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

async function iperf(client: Host, server: Host, ip: string): Promise<number> {
  const s = server.spawn(['iperf3', '-s', '-1', '-B', ip, '--forceflush']);
  await s.waitForOutput(/Server listening/);
  const r = await client.execOk(['iperf3', '-c', ip, '-t', String(SECONDS), '-J'], {
    timeoutMs: (SECONDS + 20) * 1000,
  });
  await s.exited;
  const j = JSON.parse(r.stdout) as { end: { sum_received: { bits_per_second: number } } };
  return j.end.sum_received.bits_per_second / 1e9;
}

const o = await OverlayLab.create('overlay-bench', ['pa', 'pb', 'ha', 'hb']);
try {
  const [pa, pb, ha, hb] = ['pa', 'pb', 'ha', 'hb'].map((n) => o.get(n));
  const members = [pa!.member, pb!.member];
  for (const m of [pa!, pb!]) {
    const r = await o.agent(m, o.state(m, members));
    if (r.code !== 0) throw new Error(`agent on ${m.name}: ${r.stderr}`);
  }
  await handBuild(o, ha!, hb!, 1);
  await handBuild(o, hb!, ha!, 2);
  // Handshakes and ARP before timing anything.
  await pa!.host.execOk(['ping', '-c', '2', '-W', '5', '10.99.0.2']);
  await ha!.host.execOk(['ping', '-c', '2', '-W', '5', '10.89.0.2']);
  const paddock: number[] = [];
  const hand: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    // Alternate which goes first: on a shared machine the load drifts within a run.
    const order = i % 2 === 0 ? ['paddock', 'hand'] : ['hand', 'paddock'];
    for (const which of order) {
      if (which === 'paddock') paddock.push(await iperf(pa!.host, pb!.host, '10.99.0.2'));
      else hand.push(await iperf(ha!.host, hb!.host, '10.89.0.2'));
    }
    console.log(
      `run ${i + 1}: paddock ${paddock.at(-1)!.toFixed(3)} Gbit/s, hand-built ${hand.at(-1)!.toFixed(3)} Gbit/s`,
    );
  }
  const ratio = median(paddock) / median(hand);
  console.log(
    `iperf3 TCP ${SECONDS} s x ${REPEAT}, medians: paddock ${median(paddock).toFixed(3)} Gbit/s, ` +
      `hand-built ${median(hand).toFixed(3)} Gbit/s, ratio ${ratio.toFixed(2)} (goal >= 0.9)`,
  );
} finally {
  await o.destroy();
}
