/**
 * A sleeping test machine: its interface is up but has no address, so it answers nothing,
 * until a Wake-on-LAN magic packet for its MAC arrives (as a raw 0x0842 frame or inside any
 * other frame, a UDP broadcast included); then it "boots": after a delay it takes its address
 * and answers ARP and ping like any host. Usage: node sleeper.ts IFNAME ADDRESS/PREFIX [DELAY_MS]
 */
import { execFileSync } from 'node:child_process';
import { ETH_P_ALL, interfaceInfo, openPacket } from '@paddock/netio';
import { findMagicPacket } from '../../src/wake/magic-packet.ts';

const [ifname = 'eth0', address = '', delayText = '500'] = process.argv.slice(2);
const me = interfaceInfo(ifname).mac;
const socket = openPacket({ interface: ifname, protocol: ETH_P_ALL });
process.stdout.write(`asleep ${me}\n`);
socket.on('message', (f) => {
  const magic = findMagicPacket(f.frame.subarray(14));
  if (!magic || magic.mac !== me) return;
  socket.close();
  process.stdout.write(`magic packet for ${me}, waking\n`);
  setTimeout(() => {
    execFileSync('ip', ['addr', 'add', address, 'dev', ifname]);
    process.stdout.write('awake\n');
  }, Number(delayText));
});
