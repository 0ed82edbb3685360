import { setTimeout as sleep } from 'node:timers/promises';
import { decodeMessage, messageType } from '@paddock/dhcp-codec';
import type { UdpDatagram } from '@paddock/netio';
import { handle } from '../policy/chain.ts';
import type { PolicyEnv, Received, Verdict } from '../policy/types.ts';
import type { Link } from './link.ts';
import { carryOut, countDrop, type OutcomeDeps } from './outcome.ts';

export interface PipelineDeps extends OutcomeDeps {
  /** A fresh policy environment (config snapshot, clock) for each request. */
  env: () => PolicyEnv;
  /** How long a REQUEST may wait for a conflict probe still out (settings). */
  waitMs: number;
}

/** One datagram through the shell: decode, count, ask policy, carry out its verdict. */
export function receive(p: PipelineDeps, link: Link, d: UdpDatagram): void {
  const decoded = decodeMessage(d.data);
  if (!decoded.ok) {
    countDrop(p, decoded.reason.code, decoded.reason.detail, link);
    return;
  }
  const { message } = decoded;
  const type = messageType(message)!;
  p.stats.countReceived(type);
  const { destination, localAddress } = d;
  const rx = { message, type, ifname: link.ifname, interfaceAddresses: link.addresses, destination, localAddress };
  decide(p, link, rx, true);
}

function decide(p: PipelineDeps, link: Link, rx: Received, mayWait: boolean): void {
  let verdict: Verdict;
  try {
    const env = p.env();
    // Second time round the wait is over: a probe still out counts as no answer.
    if (!mayWait) env.probeStatus = (a) => (p.prober.status(a) === 'pending' ? 'unknown' : p.prober.status(a));
    verdict = handle(rx, env);
  } catch (err) {
    // A bug must cost one answer, not the server: count it and carry on.
    p.log.error({ err, ifname: link.ifname }, 'policy failed on a request');
    countDrop(p, 'policy-error', 'policy error', link);
    return;
  }
  if (verdict.kind !== 'wait-probe') {
    carryOut(p, link, rx, verdict);
    return;
  }
  const waited = Promise.race([p.prober.settled(verdict.address), sleep(p.waitMs)]);
  void waited.then(() => decide(p, link, rx, false));
}
