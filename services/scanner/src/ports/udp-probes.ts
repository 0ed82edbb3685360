/**
 * Payloads that make a UDP service answer, per well-known port (as nmap's nmap-payloads does):
 * an empty datagram is ignored by most services, so an open port would look filtered. Each is
 * a minimal valid request of its protocol; any answer at all means the port is open.
 */
import { ByteWriter } from '@paddock/wire';

export interface UdpProbe {
  name: string;
  payload: Uint8Array;
}

/** RFC 1035 §4.1: a standard query, recursion desired, for the root's NS records. */
export function dnsQuery(id: number): Uint8Array {
  return new ByteWriter(17).u16(id).u16(0x0100).u16(1).u16(0).u16(0).u16(0).u8(0).u16(2).u16(1).finish();
}

/** RFC 5905 §7.3: a 48-byte NTPv4 client (mode 3) packet. */
export function ntpRequest(): Uint8Array {
  const b = new Uint8Array(48);
  b[0] = (0 << 6) | (4 << 3) | 3;
  return b;
}

/** BER TLV (X.690 §8.1), short or long definite length. */
function tlv(tag: number, body: Uint8Array): Uint8Array {
  const len = body.length < 128 ? [body.length] : [0x81, body.length];
  return Uint8Array.from([tag, ...len, ...body]);
}
const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const int = (n: number) => tlv(0x02, Uint8Array.of((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255));

/** RFC 1157 §4.1.2: SNMPv1 GetRequest, community "public", for sysDescr.0 (1.3.6.1.2.1.1.1.0). */
export function snmpGet(requestId: number): Uint8Array {
  const oid = tlv(0x06, Uint8Array.of(0x2b, 6, 1, 2, 1, 1, 1, 0));
  const varbind = tlv(0x30, cat(oid, Uint8Array.of(0x05, 0x00)));
  const pdu = tlv(
    0xa0,
    cat(int(requestId & 0x7fffffff), tlv(0x02, Uint8Array.of(0)), tlv(0x02, Uint8Array.of(0)), tlv(0x30, varbind)),
  );
  return tlv(0x30, cat(tlv(0x02, Uint8Array.of(0)), tlv(0x04, new TextEncoder().encode('public')), pdu));
}

/** RFC 2131 §4.4.3: DHCPINFORM (the reply goes to port 68, so only ICMP tells closed from open). */
export function dhcpInform(xid: number, mac: Uint8Array = new Uint8Array(6)): Uint8Array {
  const w = new ByteWriter(300).u8(1).u8(1).u8(6).u8(0).u32(xid).u16(0).u16(0);
  w.zeros(16)
    .bytes(mac)
    .zeros(10 + 64 + 128);
  return w.u32(0x63825363).u8(53).u8(1).u8(8).u8(255).finish();
}

/** RFC 1350 §5: a read request for a file no server has; a server answers with ERROR. */
export function tftpReadRequest(tag: string): Uint8Array {
  const text = new TextEncoder();
  return cat(
    Uint8Array.of(0, 1),
    text.encode(`paddock-probe-${tag}`),
    Uint8Array.of(0),
    text.encode('octet'),
    Uint8Array.of(0),
  );
}

/** RFC 1002 §4.2.17: NetBIOS node status request for "*". */
export function netbiosStatus(id: number): Uint8Array {
  const name = Uint8Array.of(0x20, 0x43, 0x4b, ...new Array(30).fill(0x41), 0);
  return cat(
    new ByteWriter(12).u16(id).u16(0).u16(1).u16(0).u16(0).u16(0).finish(),
    name,
    Uint8Array.of(0, 0x21, 0, 1),
  );
}

/** UPnP Device Architecture §1.3.2: SSDP M-SEARCH for every device. */
export function ssdpSearch(): Uint8Array {
  return new TextEncoder().encode(
    'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n',
  );
}

/** The probe for a port: a protocol request where one is known, else an empty datagram. */
export function udpProbeFor(port: number, id: number): UdpProbe {
  switch (port) {
    case 53:
    case 5353:
      return { name: 'dns', payload: dnsQuery(id & 0xffff) };
    case 123:
      return { name: 'ntp', payload: ntpRequest() };
    case 161:
      return { name: 'snmp', payload: snmpGet(id) };
    case 67:
      return { name: 'dhcp', payload: dhcpInform(id) };
    case 69:
      return { name: 'tftp', payload: tftpReadRequest(id.toString(16)) };
    case 137:
      return { name: 'netbios-ns', payload: netbiosStatus(id & 0xffff) };
    case 1900:
      return { name: 'ssdp', payload: ssdpSearch() };
    default:
      return { name: 'empty', payload: new Uint8Array(0) };
  }
}
