import { type ResolvedNetwork, VXLAN_PORT } from '../model/resolved.ts';
import type { ObservedLink, ObservedNetwork } from './observed.ts';
import { type Step, step } from './step.ts';

/**
 * Steps that make the three devices (WireGuard, VXLAN over it, a bridge over that) exist with the
 * right settings, and the observation as it will be once they ran: a device (re)created here has
 * no peers, FDB or neighbour entries yet, so the later planners program them all.
 */
export function planLinks(net: ResolvedNetwork, obs: ObservedNetwork): { steps: Step[]; after: ObservedNetwork } {
  const { ifs, mtu, self } = net;
  const steps: Step[] = [];
  let after = obs;
  let wg = obs.wireguardLink;
  if (!wg) {
    steps.push({
      what: `start wireguard-go for ${ifs.wireguard}`,
      argv: ['wireguard-go', '-f', ifs.wireguard],
      daemon: true,
    });
    wg = { mtu: 0, up: false, addresses: [], mac: '' };
    // The kernel deletes a VXLAN device with its lower device, so a new WireGuard device means a new VXLAN one.
    after = { ...after, wireguard: { listenPort: 0, peers: [] }, vxlan: undefined, fdb: [] };
  }
  steps.push(...linkSettings(ifs.wireguard, wg, mtu.wireguard, [self.tunnelAddress]));

  let vx = after.vxlan;
  const wanted = { vni: net.vni, local: self.tunnelIp, port: VXLAN_PORT, lower: ifs.wireguard };
  if (
    vx &&
    (vx.vni !== wanted.vni || vx.local !== wanted.local || vx.port !== wanted.port || vx.lower !== wanted.lower)
  ) {
    steps.push(
      step(
        `recreate ${ifs.vxlan}: it is not VNI ${net.vni} from ${self.tunnelIp} over ${ifs.wireguard}`,
        'ip',
        'link',
        'del',
        'dev',
        ifs.vxlan,
      ),
    );
    vx = undefined;
  }
  if (!vx) {
    steps.push(
      step(
        `create ${ifs.vxlan}`,
        'ip',
        'link',
        'add',
        ifs.vxlan,
        'mtu',
        String(mtu.vxlan),
        'type',
        'vxlan',
        'id',
        String(net.vni),
        'local',
        self.tunnelIp,
        'dev',
        ifs.wireguard,
        'dstport',
        String(VXLAN_PORT),
      ),
    );
    vx = { mtu: mtu.vxlan, up: false, addresses: [], mac: '', vni: net.vni, port: VXLAN_PORT };
    after = { ...after, fdb: [] };
  }

  let br = after.bridge;
  if (!br) {
    // STP off and no forwarding delay: the overlay has no loops and must forward at once (IEEE 802.1D).
    steps.push(
      step(
        `create ${ifs.bridge}`,
        'ip',
        'link',
        'add',
        ifs.bridge,
        'address',
        self.mac,
        'mtu',
        String(mtu.bridge),
        'type',
        'bridge',
        'stp_state',
        '0',
        'forward_delay',
        '0',
      ),
    );
    br = { mtu: mtu.bridge, up: false, addresses: [], mac: self.mac };
    after = { ...after, neighbours: [] };
  }
  if (vx.master !== ifs.bridge)
    steps.push(
      step(`attach ${ifs.vxlan} to ${ifs.bridge}`, 'ip', 'link', 'set', 'dev', ifs.vxlan, 'master', ifs.bridge),
    );
  steps.push(...linkSettings(ifs.vxlan, vx, mtu.vxlan, []));
  if (br.mac !== self.mac)
    steps.push(step(`set ${ifs.bridge} MAC`, 'ip', 'link', 'set', 'dev', ifs.bridge, 'address', self.mac));
  steps.push(...linkSettings(ifs.bridge, br, mtu.bridge, [self.address]));
  return { steps, after };
}

function linkSettings(ifname: string, link: ObservedLink, mtu: number, addresses: string[]): Step[] {
  const steps: Step[] = [];
  if (link.mtu !== mtu)
    steps.push(step(`set ${ifname} MTU ${mtu}`, 'ip', 'link', 'set', 'dev', ifname, 'mtu', String(mtu)));
  for (const a of link.addresses) {
    if (!addresses.includes(a))
      steps.push(step(`remove stray ${a} from ${ifname}`, 'ip', 'addr', 'del', a, 'dev', ifname));
  }
  for (const a of addresses) {
    if (!link.addresses.includes(a))
      steps.push(step(`address ${ifname} ${a}`, 'ip', 'addr', 'replace', a, 'dev', ifname));
  }
  if (!link.up) steps.push(step(`bring ${ifname} up`, 'ip', 'link', 'set', 'dev', ifname, 'up'));
  return steps;
}
