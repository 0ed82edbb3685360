import type { InterfaceNames } from '../model/types.ts';
import type { Shell } from './apply.ts';

/**
 * Takes a network's devices down, top first: bridge, VXLAN, then the WireGuard device (its
 * wireguard-go exits when the device goes). For a node removed from the network (it left, or
 * its identity was revoked): nothing of the overlay stays on it.
 */
export async function teardown(ifs: InterfaceNames, shell: Shell): Promise<string[]> {
  const done: string[] = [];
  for (const dev of [ifs.bridge, ifs.vxlan, ifs.wireguard]) {
    if ((await shell.exec(['ip', 'link', 'show', 'dev', dev])) === undefined) continue;
    await shell.run(['ip', 'link', 'del', 'dev', dev]);
    done.push(`remove ${dev}`);
  }
  return done;
}
