/**
 * Wake-on-LAN as a raw Ethernet frame, EtherType 0x0842 (as etherwake sends it): no IP needed,
 * so it reaches a machine on the interface's segment even when no address or route fits. Sent
 * to the broadcast MAC, which every switch floods whatever it has forgotten.
 */
import { BROADCAST_MAC, encodeEthernet } from '@paddock/netio';
import { encodeMagicPacket } from './magic-packet.ts';

export const ETHERTYPE_WOL = 0x0842;

export function wolFrame(sourceMac: string, targetMac: string, password?: Uint8Array): Uint8Array {
  return encodeEthernet({
    destination: BROADCAST_MAC,
    source: sourceMac,
    type: ETHERTYPE_WOL,
    payload: encodeMagicPacket(targetMac, password),
  });
}
