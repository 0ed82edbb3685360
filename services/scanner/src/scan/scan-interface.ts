/** What a scan needs to know about its interface: our MAC and addresses, and its subnets. */
import { type InterfaceInfo, interfaceInfo } from '@paddock/netio';
import { cidrContains, ipv4ToNumber, parseCidr } from '@paddock/wire';
import { subnetOf } from '../arp/targets.ts';

export interface ScanInterface {
  name: string;
  mac: string;
  addresses: string[];
  /** The subnets of its addresses (none for /32s). */
  subnets: string[];
  /** The address to put in requests about `target`: ours on its subnet, else our first. */
  senderFor(target: string): string;
}

export function describeInterface(name: string, netns?: string): ScanInterface {
  const info: InterfaceInfo = interfaceInfo(name, netns === undefined ? {} : { netns });
  if (!info.mac) throw new RangeError(`interface ${name} has no MAC address (ARP needs Ethernet)`);
  if (!info.up) throw new RangeError(`interface ${name} is down`);
  const subnets = [...new Set(info.ipv4.filter((a) => a.prefix < 32).map((a) => subnetOf(a.address, a.prefix)))];
  return {
    name,
    mac: info.mac,
    addresses: info.ipv4.map((a) => a.address),
    subnets,
    senderFor(target) {
      const t = ipv4ToNumber(target);
      const own = info.ipv4.find((a) => cidrContains(parseCidr(`${a.address}/${a.prefix}`), t));
      // RFC 5227 §2.1.1: an ARP probe from a host without an address carries sender IP 0.0.0.0.
      return own?.address ?? info.ipv4[0]?.address ?? '0.0.0.0';
    },
  };
}
