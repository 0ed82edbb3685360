import type { Transport } from '../../engine/transport.ts';
import { clientUrl, type EtcdMemberSpec, etcdctl, parseMemberList, peerUrl } from './etcd-files.ts';
import type { ObservedMember } from './membership.ts';

/**
 * The cluster as its members see it: the member list from the first target that answers, and
 * each listed member's health. Undefined when no target answers (no cluster yet).
 */
export async function observeCluster(
  cluster: string,
  members: readonly EtcdMemberSpec[],
  transport: Transport,
  log: (line: string) => void = () => {},
): Promise<{ members: ObservedMember[]; via: EtcdMemberSpec } | undefined> {
  for (const m of members) {
    const remote = transport.remote(m.target, log);
    const list = await remote.run(etcdctl(cluster, [clientUrl(m)], 'member list -w simple')).catch(() => undefined);
    if (list?.code !== 0) continue;
    const listed = parseMemberList(list.stdout);
    // Asked at once: a dead member takes etcdctl's whole timeout to answer, and must not delay the others.
    const observed = await Promise.all(
      listed.map(async (x): Promise<ObservedMember> => {
        const h = x.clientUrl
          ? await remote.run(etcdctl(cluster, [x.clientUrl], 'endpoint health')).catch(() => undefined)
          : undefined;
        // A member added by a run cut short before it started has no name yet: known by its peer URL.
        const name = x.name || members.find((d) => peerUrl(d) === x.peerUrl)?.target.name || '';
        return { id: x.id, name, peerUrl: x.peerUrl, healthy: h?.code === 0 };
      }),
    );
    return { members: observed, via: m };
  }
  return undefined;
}
