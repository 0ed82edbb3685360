/**
 * Overlay benchmark, in one lab and one run (run as root):
 *
 *   node test/bench/overlay.ts [--repeat 3] [--seconds 8] [--only direct,relayed,join] [--members 50]
 *
 * - direct: iperf3 TCP between two bridges of Paddock's agent-built overlay (wireguard-go +
 *   VXLAN + bridge, from `overlay agent --state`) against a pair configured by hand with the
 *   same tools and MTUs, alternating (goal: paddock ≥ 0.9 × hand-built);
 * - relayed: the same between two members whose WireGuard peers point at a third member's
 *   relay ports, forwarded in its kernel by the agent's relay (nftables; goal: ≥ 0.6 × direct);
 *   and between a member behind a symmetric NAT and a public one through the same relay
 *   (relayed-nat: the NAT side opens the flow, answers follow conntrack to its NAT's port), and
 *   between it and a member behind another NAT (relayed-both-nat: each side's port learned);
 * - join: N members join the control plane of `paddock up` at once; time until every member's
 *   WireGuard has a handshake with every other (goal: 50 members under 10 s).
 *
 * Every figure is printed with the 1-minute load average: the machine is shared.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Forward } from '../../services/overlay/src/agent/desired.ts';
import type { Member } from '../../services/overlay/src/model/types.ts';
import { behindNat } from '../../services/overlay/test/nat-lab.ts';
import { type LabMember, OverlayLab, PORT } from '../../services/overlay/test/overlay-lab.ts';
import { joinBench } from './overlay-join.ts';
import { alternate, handBuild, iperf, load, median } from './overlay-pairs.ts';

const { values: args } = parseArgs({
  options: {
    repeat: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '8' },
    only: { type: 'string', default: 'direct,relayed,join' },
    members: { type: 'string', default: '50' },
  },
});
const REPEAT = Math.min(10, Number(args.repeat));
const SECONDS = Math.min(60, Number(args.seconds));
const ONLY = new Set(args.only.split(','));
const RELAY_SCRIPT = join(import.meta.dirname, 'overlay-relay-forward.ts');
const log = (line: string) => console.log(line);

if (ONLY.has('direct') || ONLY.has('relayed')) {
  const o = await OverlayLab.create('overlay-bench', ['pa', 'pb', 'ha', 'hb', 'ra', 'rb', 'rr', 'na', 'nb', 'nc']);
  try {
    const g = (name: string) => o.get(name);
    const [pa, pb, ha, hb, ra, rb, rr, na, nb, nc] = [
      g('pa'),
      g('pb'),
      g('ha'),
      g('hb'),
      g('ra'),
      g('rb'),
      g('rr'),
      g('na'),
      g('nb'),
      g('nc'),
    ];
    const agent = async (m: LabMember, members: Member[]) => {
      const r = await o.agent(m, o.state(m, members));
      if (r.code !== 0) throw new Error(`agent on ${m.name}: ${r.stderr}`);
    };
    for (const m of [pa, pb]) await agent(m, [pa.member, pb.member]);
    await handBuild(o, ha, hb, 1);
    await handBuild(o, hb, ha, 2);
    // ra and rb reach each other only through rr's relay ports, as a relayed pair's peers are set.
    const relayHost = rr.member.endpoint.split(':')[0]!;
    const [portA, portB] = [PORT + 100, PORT + 101];
    await agent(ra, [ra.member, { ...rb.member, endpoint: `${relayHost}:${portA}` }]);
    await agent(rb, [{ ...ra.member, endpoint: `${relayHost}:${portB}` }, rb.member]);
    // na behind a symmetric NAT, nb public, relayed by rr: na's packets open the flow.
    // nc behind another NAT (port-preserving), paired with na through rr: both sides behind NAT,
    // each one's port learned from its own packets.
    const natPublic = await behindNat(o, [na], 1, 'symmetric');
    const ncPublic = await behindNat(o, [nc], 2, 'port-preserving');
    const [natA, natB, bothA, bothB] = [PORT + 102, PORT + 103, PORT + 104, PORT + 105];
    await agent(nb, [{ ...na.member, endpoint: `${relayHost}:${natB}` }, nb.member]);
    await agent(nc, [{ ...na.member, endpoint: `${relayHost}:${bothB}` }, nc.member]);
    await agent(na, [
      na.member,
      { ...nb.member, endpoint: `${relayHost}:${natA}` },
      { ...nc.member, endpoint: `${relayHost}:${bothA}` },
    ]);
    const forwards: Forward[] = [
      { portA, portB, a: ra.member.endpoint, b: rb.member.endpoint },
      { portA: natA, portB: natB, a: `${natPublic}:${PORT}`, b: nb.member.endpoint, nat: 'a' },
      { portA: bothA, portB: bothB, a: `${natPublic}:${PORT}`, b: `${ncPublic}:${PORT}`, nat: 'both' },
    ];
    const relay = rr.host.spawnNode(RELAY_SCRIPT, [JSON.stringify(forwards)]);
    await relay.waitForOutput(/relaying/, 30_000);
    const ip = (m: typeof pa) => m!.member.address.split('/')[0]!;
    // Handshakes and ARP before timing anything.
    await pa.host.execOk(['ping', '-c', '2', '-W', '5', ip(pb)]);
    await ha.host.execOk(['ping', '-c', '2', '-W', '5', '10.89.0.2']);
    await ra.host.execOk(['ping', '-c', '2', '-W', '5', ip(rb)]);
    await na.host.execOk(['ping', '-c', '2', '-W', '5', ip(nb)]);
    // Neither side of na-nc can be sent to first: the second side's packet (or WireGuard's 5 s retry) opens it.
    await nc.host.execOk(['ping', '-c', '1', '-w', '15', ip(na)]);
    const runs: Record<string, () => Promise<number>> = {
      paddock: () => iperf(pa.host, pb.host, ip(pb), SECONDS),
    };
    if (ONLY.has('direct')) runs['hand-built'] = () => iperf(ha.host, hb.host, '10.89.0.2', SECONDS);
    if (ONLY.has('relayed')) runs['relayed'] = () => iperf(ra.host, rb.host, ip(rb), SECONDS);
    if (ONLY.has('relayed')) runs['relayed-nat'] = () => iperf(na.host, nb.host, ip(nb), SECONDS);
    if (ONLY.has('relayed')) runs['relayed-both-nat'] = () => iperf(na.host, nc.host, ip(nc), SECONDS);
    const r = await alternate(REPEAT, runs, log);
    const m = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, median(v)]));
    log(
      `iperf3 TCP ${SECONDS} s x ${REPEAT}, medians: ${Object.entries(m)
        .map(([k, v]) => `${k} ${v.toFixed(3)} Gbit/s`)
        .join(', ')} (load ${load()})`,
    );
    if (m['hand-built'])
      log(`direct: paddock / hand-built = ${(m['paddock']! / m['hand-built']).toFixed(2)} (goal >= 0.9)`);
    if (m['relayed']) log(`relayed / direct = ${(m['relayed'] / m['paddock']!).toFixed(2)} (goal >= 0.6)`);
    if (m['relayed-nat'])
      log(`relayed with a side behind NAT / direct = ${(m['relayed-nat'] / m['paddock']!).toFixed(2)} (goal >= 0.6)`);
    if (m['relayed-both-nat'])
      log(`relayed with both sides behind NAT / direct = ${(m['relayed-both-nat'] / m['paddock']!).toFixed(2)}`);
  } finally {
    await o.destroy();
  }
}

if (ONLY.has('join')) {
  const n = Math.min(100, Number(args.members));
  const r = await joinBench(n, log);
  log(
    `join: ${n} members, all joined in ${(r.joinedMs / 1000).toFixed(2)} s, every data plane programmed in ` +
      `${(r.programmedMs / 1000).toFixed(2)} s, full mesh of handshakes in ${(r.meshMs / 1000).toFixed(2)} s ` +
      `(goal < 10 s; load ${load()})`,
  );
  log(
    `join: ${r.passes} full passes, ${r.commands} commands (${(r.commandMs / 1000).toFixed(1)} s of summed wall time), ` +
      `${(r.cpuMs / 1000).toFixed(1)} s of CPU in the benchmark process (its ${n} data planes and Watch clients)`,
  );
  const c = r.cpuToProgrammed;
  log(
    `join: CPU until programmed (${(r.programmedMs / 1000).toFixed(2)} s wall on 2 cores): this process ${c.bench.toFixed(1)} s, ` +
      `its commands ${c.commands.toFixed(1)} s, wireguard-go ${c.wireguardGo.toFixed(1)} s, paddock up ${c.server.toFixed(1)} s, ` +
      `the whole machine ${c.machine.toFixed(1)} s`,
  );
  for (const [phase, [lo, mid, hi]] of Object.entries(r.phases))
    log(
      `join: ${phase} at ${(lo / 1000).toFixed(2)} / ${(mid / 1000).toFixed(2)} / ${(hi / 1000).toFixed(2)} s (first / median / last member)`,
    );
}
