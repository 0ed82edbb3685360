/**
 * Runs in a lab host: floods the segment with junk for the scanner to ignore: truncated frames,
 * ARP replies to the scanner for addresses it never asked about, and ARP requests.
 * Usage: node flood.ts IFNAME SCANNER_MAC SCANNER_IP COUNT
 */
import { arpRequestFrame, ETH_P_ARP, encodeArp, encodeEthernet, interfaceInfo, openPacket } from '@paddock/netio';

const [ifname = 'eth0', scannerMac = '', scannerIp = '', countText = '10000'] = process.argv.slice(2);
const me = interfaceInfo(ifname).mac!;
const socket = openPacket({ interface: ifname, protocol: ETH_P_ARP });
const count = Number(countText);
let sent = 0;
const junk = (i: number): Uint8Array => {
  switch (i % 3) {
    case 0:
      return Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06, 0, 1, 8);
    case 1: {
      // A reply from an address outside anything scanned: 172.16.x.y.
      const ip = `172.16.${(i >> 8) & 255}.${i & 255}`;
      const arp = encodeArp({ op: 2, senderMac: me, senderIp: ip, targetMac: scannerMac, targetIp: scannerIp });
      return encodeEthernet({ destination: scannerMac, source: me, type: 0x0806, payload: arp });
    }
    default:
      return arpRequestFrame(me, '172.16.0.1', `172.16.1.${i & 255}`);
  }
};
const pump = () => {
  for (let n = 0; n < 200 && sent < count; n++) if (socket.send(junk(sent))) sent++;
  if (sent < count) setImmediate(pump);
  else {
    process.stdout.write(`sent ${sent}\n`);
    socket.close();
  }
};
process.stdout.write('flooding\n');
pump();
