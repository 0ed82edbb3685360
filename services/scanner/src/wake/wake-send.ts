/**
 * Sends one wake-up both ways at once: the raw EtherType 0x0842 frame, and the magic packet
 * in a UDP datagram to the limited broadcast 255.255.255.255 (RFC 919), from a socket bound to
 * the interface so it leaves there and only there. Exported for the inventory's metal power
 * provider as `wake(mac, { interface })`.
 */
import { ETH_P_WOL, interfaceInfo, openPacket, openUdp } from '@paddock/netio';
import { isMac } from '@paddock/wire';
import { encodeMagicPacket, parsePassword } from './magic-packet.ts';
import { wolFrame } from './wol-frame.ts';

export interface WakeOptions {
  interface: string;
  /** SecureOn password, 4 or 6 bytes in text (see parsePassword). */
  password?: string;
  /** UDP port of the broadcast copy (default 9, discard; 7 is also common). */
  port?: number;
  /** Send inside this network namespace (tests). */
  netns?: string;
}

export interface WakeSent {
  /** Our MAC, the frame's source. */
  sourceMac: string;
  rawFrame: boolean;
  udpBroadcast: boolean;
}

export function checkWakeTarget(mac: string): void {
  if (!isMac(mac)) throw new RangeError(`not a MAC address: ${JSON.stringify(mac)}`);
  if (Number.parseInt(mac.slice(0, 2), 16) & 1) throw new RangeError(`${mac} is a group address, not a machine's`);
}

/** Sends the magic packet for `mac` out of `opts.interface`, raw and as UDP broadcast. */
export function wake(mac: string, opts: WakeOptions): WakeSent {
  checkWakeTarget(mac);
  const password = parsePassword(opts.password ?? '');
  const port = opts.port ?? 9;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`port must be 1-65535, got ${port}`);
  const netns = opts.netns === undefined ? {} : { netns: opts.netns };
  const info = interfaceInfo(opts.interface, netns);
  if (!info.mac) throw new RangeError(`interface ${opts.interface} has no MAC address`);
  const raw = openPacket({ interface: opts.interface, protocol: ETH_P_WOL, ...netns });
  let rawFrame: boolean;
  try {
    rawFrame = raw.send(wolFrame(info.mac, mac.toLowerCase().replaceAll('-', ':'), password));
  } finally {
    raw.close();
  }
  const udp = openUdp({ interface: opts.interface, port: 0, ...netns });
  let udpBroadcast: boolean;
  try {
    udpBroadcast = udp.send(encodeMagicPacket(mac, password), '255.255.255.255', port);
  } finally {
    udp.close();
  }
  return { sourceMac: info.mac, rawFrame, udpBroadcast };
}
