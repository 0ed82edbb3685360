/**
 * Runs in a lab host: answers the scanner for every address of NET.1-254 with made-up MACs,
 * over and over for SECONDS, as an ARP spoofer would; the scanner must not keep them all.
 * Usage: node spoof-flood.ts IFNAME SCANNER_MAC SCANNER_IP NET SECONDS
 */
import { randomBytes } from 'node:crypto';
import { ETH_P_ARP, encodeArp, encodeEthernet, interfaceInfo, openPacket } from '@paddock/netio';

const [ifname = 'eth0', scannerMac = '', scannerIp = '', net = '10.61.0', secondsText = '8'] = process.argv.slice(2);
const me = interfaceInfo(ifname).mac!;
const socket = openPacket({ interface: ifname, protocol: ETH_P_ARP });
const until = Date.now() + Number(secondsText) * 1000;
let sent = 0;
// A unicast, locally administered MAC that no real card has.
const randomMac = () => [0x02, ...randomBytes(5)].map((b) => b.toString(16).padStart(2, '0')).join(':');
const reply = (i: number): Uint8Array => {
  const arp = encodeArp({
    op: 2,
    senderMac: randomMac(),
    senderIp: `${net}.${1 + (i % 254)}`,
    targetMac: scannerMac,
    targetIp: scannerIp,
  });
  return encodeEthernet({ destination: scannerMac, source: me, type: 0x0806, payload: arp });
};
const pump = () => {
  for (let n = 0; n < 254; n++) if (socket.send(reply(sent))) sent++;
  if (Date.now() < until) setTimeout(pump, 20);
  else {
    process.stdout.write(`sent ${sent}\n`);
    socket.close();
  }
};
process.stdout.write('flooding\n');
pump();
