import type { ResolvedMember, ResolvedNetwork } from '../model/resolved.ts';
import type { ObservedNetwork } from './observed.ts';
import { BROADCAST_MAC, type Step, step } from './step.ts';

/** Keeps NAT mappings and stateful firewalls on the path open (wg(8): 25 s suits most). */
const KEEPALIVE = '25';

const host = (endpoint: string) => endpoint.replace(/:\d+$/, '');

/** WireGuard follows a peer to where its packets come from: behind NAT, a port it roamed to is not drift. */
const sameEndpoint = (p: ResolvedMember, seen: string | undefined) =>
  seen === p.endpoint || (p.roams && seen !== undefined && host(seen) === host(p.endpoint));

/**
 * WireGuard peers, VXLAN FDB entries and bridge neighbours. Removals come first, so a member
 * dropped from the desired state, or left half-programmed by an interrupted run, is gone from
 * every layer before anything is added.
 */
export function planPeers(net: ResolvedNetwork, key: { file: string; value: string }, obs: ObservedNetwork): Step[] {
  const { ifs, peers } = net;
  const steps: Step[] = [];
  const wg = obs.wireguard ?? { listenPort: 0, peers: [] };
  if (wg.privateKey !== key.value || wg.listenPort !== net.listenPort) {
    steps.push(
      step(
        `set ${ifs.wireguard} key and port ${net.listenPort}`,
        'wg',
        'set',
        ifs.wireguard,
        'private-key',
        key.file,
        'listen-port',
        String(net.listenPort),
      ),
    );
  }

  const wantedFdb = peers.flatMap((p) => [
    { mac: BROADCAST_MAC, dst: p.tunnelIp },
    { mac: p.mac, dst: p.tunnelIp },
  ]);
  const sameFdb = (a: { mac: string; dst: string }) => (b: { mac: string; dst: string }) =>
    a.mac === b.mac && a.dst === b.dst;
  for (const e of obs.fdb) {
    if (!wantedFdb.some(sameFdb(e)))
      steps.push(step(`forget ${e.mac} via ${e.dst}`, 'bridge', 'fdb', 'del', e.mac, 'dev', ifs.vxlan, 'dst', e.dst));
  }
  for (const n of obs.neighbours) {
    if (!peers.some((p) => p.ip === n.ip))
      steps.push(step(`forget neighbour ${n.ip}`, 'ip', 'neigh', 'del', n.ip, 'dev', ifs.bridge));
  }
  for (const o of wg.peers) {
    if (!peers.some((p) => p.publicKey === o.publicKey)) {
      steps.push(step(`remove peer ${o.publicKey}`, 'wg', 'set', ifs.wireguard, 'peer', o.publicKey, 'remove'));
    }
  }

  for (const p of peers) {
    const o = wg.peers.find((x) => x.publicKey === p.publicKey);
    const allowed = `${p.tunnelIp}/32`;
    if (!o || !sameEndpoint(p, o.endpoint) || o.allowedIps.length !== 1 || o.allowedIps[0] !== allowed) {
      steps.push(
        step(
          `peer ${p.name} at ${p.endpoint}`,
          'wg',
          'set',
          ifs.wireguard,
          'peer',
          p.publicKey,
          'endpoint',
          p.endpoint,
          'allowed-ips',
          allowed,
          'persistent-keepalive',
          KEEPALIVE,
        ),
      );
    }
  }
  for (const e of wantedFdb) {
    if (!obs.fdb.some(sameFdb(e))) {
      // `append`, not `replace`: the all-zeros entry holds one destination per peer (head-end replication of broadcast).
      steps.push(
        step(
          `send ${e.mac === BROADCAST_MAC ? 'broadcast' : e.mac} to ${e.dst}`,
          'bridge',
          'fdb',
          'append',
          e.mac,
          'dev',
          ifs.vxlan,
          'dst',
          e.dst,
        ),
      );
    }
  }
  for (const p of peers) {
    if (!obs.neighbours.some((n) => n.ip === p.ip && n.mac === p.mac)) {
      steps.push(
        step(
          `neighbour ${p.name}`,
          'ip',
          'neigh',
          'replace',
          p.ip,
          'dev',
          ifs.bridge,
          'lladdr',
          p.mac,
          'nud',
          'permanent',
        ),
      );
    }
  }
  return steps;
}
