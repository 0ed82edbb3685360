import type { InterfaceNames } from '../model/types.ts';
import type { Shell } from './apply.ts';

/**
 * Takes a network's devices down, top first: bridge, VXLAN, then the WireGuard device (its
 * wireguard-go exits when the device goes). For a node removed from the network (it left, or
 * its identity was revoked): nothing of the overlay stays on it. One read for all three (a node
 * that never had them, the usual case, runs one command).
 */
export async function teardown(ifs: InterfaceNames, shell: Shell): Promise<string[]> {
  const out = await shell.exec(['ip', '-j', 'link', 'show']);
  if (out === undefined) throw new Error('ip link show failed: the devices could not be read');
  const present = new Set((JSON.parse(out || '[]') as { ifname: string }[]).map((l) => l.ifname));
  const done: string[] = [];
  for (const dev of [ifs.bridge, ifs.vxlan, ifs.wireguard]) {
    if (!present.has(dev)) continue;
    await shell.run(['ip', 'link', 'del', 'dev', dev]);
    done.push(`remove ${dev}`);
  }
  return done;
}
