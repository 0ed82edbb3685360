/** ARP for IPv4 over Ethernet (RFC 826), the only combination Paddock speaks. */
import { ByteReader, ByteWriter, bytesToHex, bytesToIPv4, ipv4ToBytes, macToBytes } from '@paddock/wire';
import type { Decoded } from './checksum.ts';
import { BROADCAST_MAC, decodeEthernet, encodeEthernet } from './ethernet.ts';

export const ETHERTYPE_ARP = 0x0806;
export const ARP_REQUEST = 1;
export const ARP_REPLY = 2;

export interface ArpPacket {
  /** 1 request, 2 reply (RFC 826 ar$op). */
  op: number;
  senderMac: string;
  senderIp: string;
  targetMac: string;
  targetIp: string;
}

export function encodeArp(p: ArpPacket): Uint8Array {
  return new ByteWriter(28)
    .u16(1) // ar$hrd: Ethernet
    .u16(0x0800) // ar$pro: IPv4
    .u8(6)
    .u8(4)
    .u16(p.op)
    .bytes(macToBytes(p.senderMac))
    .bytes(ipv4ToBytes(p.senderIp))
    .bytes(macToBytes(p.targetMac))
    .bytes(ipv4ToBytes(p.targetIp))
    .finish();
}

/** Decodes an ARP body; trailing bytes are Ethernet padding and are ignored. */
export function decodeArp(bytes: Uint8Array): Decoded<ArpPacket> {
  const r = new ByteReader(bytes);
  const hrd = r.u16('ar$hrd');
  const pro = r.u16('ar$pro');
  const hln = r.u8('ar$hln');
  const pln = r.u8('ar$pln');
  const op = r.u16('ar$op');
  if (r.ok && (hrd !== 1 || pro !== 0x0800 || hln !== 6 || pln !== 4)) {
    r.fail(`not IPv4-over-Ethernet ARP (hrd ${hrd}, pro 0x${pro.toString(16)}, hln ${hln}, pln ${pln})`);
  }
  const senderMac = bytesToHex(r.bytes(6, 'sender MAC'));
  const senderIp = bytesToIPv4(r.bytes(4, 'sender IP'));
  const targetMac = bytesToHex(r.bytes(6, 'target MAC'));
  const targetIp = bytesToIPv4(r.bytes(4, 'target IP'));
  const err = r.finish(true);
  if (err) return { ok: false, reason: `arp: ${err}` };
  if (op !== ARP_REQUEST && op !== ARP_REPLY) return { ok: false, reason: `arp: unknown op ${op}` };
  return { ok: true, value: { op, senderMac, senderIp, targetMac, targetIp } };
}

/** A broadcast "who has targetIp? tell senderIp" frame (RFC 826 target MAC left zero). */
export function arpRequestFrame(senderMac: string, senderIp: string, targetIp: string): Uint8Array {
  const arp = encodeArp({ op: ARP_REQUEST, senderMac, senderIp, targetMac: '00:00:00:00:00:00', targetIp });
  return encodeEthernet({ destination: BROADCAST_MAC, source: senderMac, type: ETHERTYPE_ARP, payload: arp });
}

/** The reply to a request, sent straight back to the asker. */
export function arpReplyFrame(request: ArpPacket, mac: string): Uint8Array {
  const arp = encodeArp({
    op: ARP_REPLY,
    senderMac: mac,
    senderIp: request.targetIp,
    targetMac: request.senderMac,
    targetIp: request.senderIp,
  });
  return encodeEthernet({ destination: request.senderMac, source: mac, type: ETHERTYPE_ARP, payload: arp });
}

/** Decodes a whole frame as ARP; refuses frames of any other EtherType. */
export function decodeArpFrame(frame: Uint8Array): Decoded<ArpPacket & { ethSource: string }> {
  const eth = decodeEthernet(frame);
  if (!eth.ok) return eth;
  if (eth.value.type !== ETHERTYPE_ARP)
    return { ok: false, reason: `not ARP: EtherType 0x${eth.value.type.toString(16)}` };
  const arp = decodeArp(eth.value.payload);
  return arp.ok ? { ok: true, value: { ...arp.value, ethSource: eth.value.source } } : arp;
}
