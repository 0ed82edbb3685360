import type { Network } from '@paddock/proto/overlay/v1/overlay.ts';
import { cidrText, overlaps, parseSubnet } from '../model/addresses.ts';
import { layerMtus } from '../model/mtu.ts';
import { accept, refuse, type Verdict } from './verdict.ts';

const NAME = /^[a-z0-9][a-z0-9-]{0,10}$/;

/**
 * Checks a new network against the ones that exist: its subnets must be valid and overlap no
 * other network's (nor each other), and its VNI, port and name must be its own. Defaults:
 * UDP 51820 (wg(8)'s customary port), underlay MTU 1500.
 */
export function decideNetwork(input: Network, existing: Network[], now: number): Verdict<Network> {
  const net: Network = {
    ...input,
    listenPort: input.listenPort || 51820,
    underlayMtu: input.underlayMtu || 1500,
    createdAtUnixMs: BigInt(now),
  };
  if (!NAME.test(net.name))
    return refuse('invalid', `network name ${JSON.stringify(net.name)}: use 1-11 characters [a-z0-9-]`);
  if (net.vni < 1 || net.vni > 0xffffff) return refuse('invalid', `VNI ${net.vni} is not in 1-16777215`);
  if (net.listenPort > 65535) return refuse('invalid', `listen port ${net.listenPort} is not a UDP port`);
  const subnet = parseSubnet(net.subnet, 'subnet');
  if (typeof subnet === 'string') return refuse('invalid', subnet);
  const transit = parseSubnet(net.transit, 'transit');
  if (typeof transit === 'string') return refuse('invalid', transit);
  if (overlaps(subnet, transit)) return refuse('overlap', `subnet ${net.subnet} overlaps transit ${net.transit}`);
  const mtu = layerMtus(net.underlayMtu, false);
  if (!mtu.ok) return refuse('mtu', mtu.error);
  net.subnet = cidrText(subnet);
  net.transit = cidrText(transit);
  for (const other of existing) {
    if (other.name === net.name) return refuse('exists', `network ${net.name} already exists`);
    if (other.vni === net.vni) return refuse('vni-taken', `VNI ${net.vni} is already network ${other.name}'s`);
    if (other.listenPort === net.listenPort)
      return refuse('port-taken', `UDP ${net.listenPort} is already network ${other.name}'s`);
    for (const mine of [subnet, transit]) {
      for (const theirs of [other.subnet, other.transit]) {
        const t = parseSubnet(theirs, 'subnet');
        if (typeof t !== 'string' && overlaps(mine, t))
          return refuse('overlap', `${cidrText(mine)} overlaps ${theirs} of network ${other.name}`);
      }
    }
  }
  return accept(net);
}
