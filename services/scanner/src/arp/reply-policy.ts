/**
 * What to make of a frame seen on the scan's ARP socket: a verdict, never a socket write. Only
 * replies addressed to us, from an address this scan asked about, count; the rest (other hosts'
 * requests, replies to someone else, garbage, answers to questions never asked) is dropped with
 * a reason the scan counts.
 */
import { ARP_REPLY, decodeArpFrame, PacketType } from '@paddock/netio';

export type DropReason = 'malformed' | 'own-frame' | 'not-a-reply' | 'not-for-us' | 'not-asked' | 'too-many-macs';

export type ReplyVerdict = { kind: 'accept'; ip: string; mac: string } | { kind: 'drop'; reason: DropReason };

export interface ReplyContext {
  ourMac: string;
  /** True when this scan has sent a request for the address. */
  asked(ip: string): boolean;
}

export function judgeArpFrame(frame: Uint8Array, pkttype: number, ctx: ReplyContext): ReplyVerdict {
  // A packet socket also shows the frames we send (packet(7), PACKET_OUTGOING).
  if (pkttype === PacketType.outgoing) return { kind: 'drop', reason: 'own-frame' };
  const arp = decodeArpFrame(frame);
  if (!arp.ok) return { kind: 'drop', reason: 'malformed' };
  const p = arp.value;
  if (p.op !== ARP_REPLY) return { kind: 'drop', reason: 'not-a-reply' };
  // RFC 826: a reply carries the asker in its target fields; a reply to another host's
  // question (a switch flooding, a proxy) is not an answer to ours.
  if (p.targetMac !== ctx.ourMac) return { kind: 'drop', reason: 'not-for-us' };
  if (!ctx.asked(p.senderIp)) return { kind: 'drop', reason: 'not-asked' };
  return { kind: 'accept', ip: p.senderIp, mac: p.senderMac };
}
