import type { Transport } from '../../engine/transport.ts';
import { sh } from '../../steps/shell.ts';
import type { EtcdMemberSpec } from '../etcd/etcd-files.ts';
import type { HostSignals, Power, Seen } from './crown-policy.ts';

/**
 * The overlay link to each host as its peers see it: another host of the cluster pings its
 * overlay address (up when it answers, down when not); unknown when no other host can be asked.
 * Power comes from the inventory where it knows the host (`power`), else unknown.
 */
export function overlaySignals(
  hosts: readonly EtcdMemberSpec[],
  transport: Transport,
  power: (name: string) => Promise<Power> = async () => 'unknown',
): (names: string[]) => Promise<Map<string, HostSignals>> {
  return async (names) => {
    const out = await Promise.all(
      names.map(async (name): Promise<[string, HostSignals]> => {
        const target = hosts.find((h) => h.target.name === name);
        const [overlay, p] = await Promise.all([
          target ? seenBy(target, hosts, transport) : ('unknown' as const),
          power(name).catch(() => 'unknown' as const),
        ]);
        return [name, { name, overlay, power: p }];
      }),
    );
    return new Map(out);
  };
}

async function seenBy(target: EtcdMemberSpec, hosts: readonly EtcdMemberSpec[], transport: Transport): Promise<Seen> {
  // Two peers at most: a pass must not wait on every unreachable host in turn.
  for (const peer of hosts.filter((h) => h !== target).slice(0, 2)) {
    const r = await transport
      .remote(peer.target, () => {})
      .run(`ping -n -q -c 2 -i 0.3 -W 1 ${sh(target.address)} >/dev/null 2>&1; echo $?`, { timeoutMs: 4_000 })
      .catch(() => undefined);
    if (r?.code !== 0) continue;
    return r.stdout.trim() === '0' ? 'up' : 'down';
  }
  return 'unknown';
}
