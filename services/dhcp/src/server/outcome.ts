import { type DhcpMessage, encodeMessage, maxReplyLength, messageType, OPTION, readOption } from '@paddock/dhcp-codec';
import type { Logger } from '@paddock/runtime';
import type { LeaseTable } from '../leases/lease-table.ts';
import { applyEffects } from '../policy/apply.ts';
import type { DropReason, Received, Verdict } from '../policy/types.ts';
import { ClaimLost, type GroupCommit } from './group-commit.ts';
import type { Link } from './link.ts';
import type { Prober } from './prober.ts';
import { sendReply } from './send.ts';
import type { DhcpStats } from './stats.ts';

export interface OutcomeDeps {
  leases: LeaseTable;
  commits: GroupCommit;
  prober: Prober;
  stats: DhcpStats;
  log: Logger;
}

/**
 * Carries out a verdict: effects into memory at once, lease rows to the group commit, and the
 * reply out only once they are durable (RFC 2131 leaves ordering to us; crash safety does not).
 */
export function carryOut(
  d: OutcomeDeps,
  link: Link,
  rx: Received,
  verdict: Exclude<Verdict, { kind: 'wait-probe' }>,
): void {
  if (verdict.kind === 'drop') {
    applyEffects(verdict.effects ?? [], d.leases);
    countDrop(d, verdict.reason, verdict.detail, link, rx.message);
    return;
  }
  if (verdict.kind === 'accept') {
    commitThen(d, link, applyEffects(verdict.effects, d.leases).rows, () => {});
    return;
  }
  // Encoded before anything changes: a reply that cannot be sent must not leave a lease behind.
  const bytes = encodeMessage(verdict.reply, {
    maxLength: maxReplyLength(readOption(rx.message, OPTION.maxMessageSize)),
  });
  if (!bytes.ok) {
    countDrop(d, 'reply-too-large', bytes.reason.detail, link, rx.message);
    return;
  }
  const applied = applyEffects(verdict.effects, d.leases);
  for (const a of applied.probes) d.prober.probe(a);
  if (rx.type === 'DHCPDISCOVER') d.prober.refillSoon();
  commitThen(d, link, applied.rows, () => send(d, link, rx.message, verdict.reply, bytes.bytes));
}

function commitThen(d: OutcomeDeps, link: Link, rows: Parameters<GroupCommit['add']>[0], then: () => void): void {
  if (rows.length === 0) {
    then();
    return;
  }
  d.commits.add(rows, then, (err) => {
    // Losing a race to another server is routine with a shared store: the client asks again
    // and is answered from the winner's row, which the table now holds.
    if (err instanceof ClaimLost) countDrop(d, 'claim-lost', err.message, link);
    else {
      d.log.error({ err: err.message }, 'lease commit failed: reply withheld');
      countDrop(d, 'commit-failed', err.message, link);
    }
  });
}

function send(d: OutcomeDeps, link: Link, request: DhcpMessage, reply: DhcpMessage, bytes: Uint8Array): void {
  let sent: ReturnType<typeof sendReply>;
  try {
    sent = sendReply(link, request, reply, bytes);
  } catch (err) {
    countDrop(d, 'send-failed', (err as Error).message, link, request);
    return;
  }
  if (!sent.ok) {
    countDrop(d, 'send-failed', `socket queue full sending to ${sent.to.kind}`, link, request);
    return;
  }
  const type = messageType(reply) ?? 'DHCPACK';
  d.stats.countSent(type);
  if (d.log.isLevelEnabled('debug'))
    d.log.debug({ type, yiaddr: reply.yiaddr, to: sent.to.kind, ifname: link.ifname }, 'reply sent');
}

export function countDrop(
  d: Pick<OutcomeDeps, 'stats' | 'log'>,
  reason: DropReason,
  detail: string,
  link: Link,
  m?: DhcpMessage,
): void {
  d.stats.countDropped(reason);
  if (d.log.isLevelEnabled('debug'))
    d.log.debug({ reason, detail, ifname: link.ifname, xid: m?.xid }, 'request dropped');
}
