import { describe, expect, it } from 'vitest';
import {
  dhcpInform,
  dnsQuery,
  netbiosStatus,
  ntpRequest,
  snmpGet,
  tftpReadRequest,
  udpProbeFor,
} from './udp-probes.ts';

/** Walks BER TLVs (X.690) into a nested list: enough to read an SNMP message back. */
function ber(b: Uint8Array, at = 0, end = b.length): Array<{ tag: number; value: Uint8Array; children?: unknown[] }> {
  const out = [];
  while (at < end) {
    const tag = b[at]!;
    let len = b[at + 1]!;
    let head = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = (len << 8) | b[at + 2 + i]!;
      head += n;
    }
    const value = b.subarray(at + head, at + head + len);
    expect(at + head + len).toBeLessThanOrEqual(end);
    out.push({ tag, value, ...(tag & 0x20 ? { children: ber(b, at + head, at + head + len) } : {}) });
    at += head + len;
  }
  return out;
}

describe('UDP probe payloads', () => {
  it('DNS: one question for the root, class IN, recursion desired (RFC 1035 §4.1)', () => {
    const q = dnsQuery(0xbeef);
    const v = new DataView(q.buffer);
    expect([v.getUint16(0), v.getUint16(2), v.getUint16(4), v.getUint16(6)]).toEqual([0xbeef, 0x0100, 1, 0]);
    expect([...q.subarray(12)]).toEqual([0, 0, 2, 0, 1]);
  });

  it('NTP: 48 bytes, version 4, client mode (RFC 5905)', () => {
    const p = ntpRequest();
    expect(p.length).toBe(48);
    expect((p[0]! >> 3) & 7).toBe(4);
    expect(p[0]! & 7).toBe(3);
  });

  it('SNMP: a well-formed v1 GetRequest for sysDescr.0 with community public', () => {
    const [msg] = ber(snmpGet(0x1234));
    expect(msg?.tag).toBe(0x30);
    const [version, community, pdu] = msg!.children as Array<{ tag: number; value: Uint8Array; children?: unknown[] }>;
    expect(version!.value).toEqual(Uint8Array.of(0));
    expect(new TextDecoder().decode(community!.value)).toBe('public');
    expect(pdu!.tag).toBe(0xa0);
    const [reqId, , , list] = pdu!.children as Array<{ value: Uint8Array; children?: unknown[] }>;
    expect(new DataView(reqId!.value.buffer, reqId!.value.byteOffset).getUint32(0)).toBe(0x1234);
    const oid = (list!.children![0] as { children: Array<{ value: Uint8Array }> }).children[0]!.value;
    expect([...oid]).toEqual([0x2b, 6, 1, 2, 1, 1, 1, 0]);
  });

  it('DHCP: a BOOTREQUEST carrying the magic cookie and DHCPINFORM (RFC 2131)', () => {
    const p = dhcpInform(0x01020304, Uint8Array.of(2, 0, 0, 0, 0, 9));
    expect(p[0]).toBe(1);
    expect(new DataView(p.buffer).getUint32(4)).toBe(0x01020304);
    expect([...p.subarray(28, 34)]).toEqual([2, 0, 0, 0, 0, 9]);
    expect(new DataView(p.buffer).getUint32(236)).toBe(0x63825363);
    expect([...p.subarray(240)]).toEqual([53, 1, 8, 255]);
  });

  it('TFTP and NetBIOS requests have their fixed shapes', () => {
    const t = tftpReadRequest('ab');
    expect(new TextDecoder().decode(t)).toBe('\0\x01paddock-probe-ab\0octet\0');
    const n = netbiosStatus(7);
    expect(n.length).toBe(50);
    expect(n[12]).toBe(0x20);
    expect([...n.subarray(46)]).toEqual([0, 0x21, 0, 1]);
  });

  it('chooses by port, falling back to an empty datagram', () => {
    expect(udpProbeFor(53, 1).name).toBe('dns');
    expect(udpProbeFor(161, 1).name).toBe('snmp');
    expect(udpProbeFor(40000, 1)).toEqual({ name: 'empty', payload: new Uint8Array(0) });
  });
});
