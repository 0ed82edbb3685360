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
 * Whether this node starts the handshake with a new peer at once (persistent keepalive turned on
 * sends straight away, wg(8)): the side with the lower public key. When both sides start it at
 * the same moment (two nodes programmed together, as every node of a network joining at once),
 * each consumes the other's initiation before its answer arrives, both answers are refused
 * (wireguard-go then holds a responder's state, not its own initiation) and both wait 5 s to
 * retry: 30 of 300 pairs did so in a 25-member join on a busy host. The other side turns its
 * keepalive on at the end of its pass, ANSWER_DELAY_MS after its other steps (the end of the pass
 * alone was too soon on a busy host). An opener programmed after it reaches it at once; one
 * programmed before it (whose initiation it dropped, not knowing the peer yet) is reached by its
 * late keepalive; one programmed together has had its initiation answered by then, and the late
 * keepalive rides the new session (or is held back: wireguard-go starts no handshake within 5 s
 * of its last handshake message).
 */
const opens = (self: ResolvedMember, peer: ResolvedMember) => self.publicKey < peer.publicKey;
/** How long the other side waits before its own keepalive, the opener's initiation given time to arrive on a busy host. */
export const ANSWER_DELAY_MS = 1000;

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

  // The other side's keepalives, turned on after every other step: see `opens`.
  const later: Step[] = [];
  const [silent, sending]: [Step[], Step[]] = [[], []];
  for (const p of peers) {
    const o = wg.peers.find((x) => x.publicKey === p.publicKey);
    const allowed = `${p.tunnelIp}/32`;
    // A peer WireGuard had keeps its keepalive through an update (which sends nothing unless it was off).
    const keepalive = o || opens(net.self, p) ? ['persistent-keepalive', KEEPALIVE] : [];
    const update = !o || !sameEndpoint(p, o.endpoint) || o.allowedIps.length !== 1 || o.allowedIps[0] !== allowed;
    if (update) {
      (keepalive.length === 0 ? silent : sending).push(
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
          ...keepalive,
        ),
      );
    }
    // Also a peer left without one (a pass cut short before its end).
    if (keepalive.length === 0 || (!update && (o?.keepalive ?? Number(KEEPALIVE)) !== Number(KEEPALIVE)))
      later.push({
        ...step(
          `keepalive to ${p.name}`,
          'wg',
          'set',
          ifs.wireguard,
          'peer',
          p.publicKey,
          'persistent-keepalive',
          KEEPALIVE,
        ),
        delayMs: ANSWER_DELAY_MS,
      });
  }
  // Peers set without a keepalive go first in their `wg set`: wireguard-go (0.0.20220316 and later)
  // does not reset a peer's "keepalive turned on" when it moves to the next peer of one
  // configuration, so every peer after one that turned it on would send at once too.
  steps.push(...silent, ...sending);
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
  return [...steps, ...later];
}
