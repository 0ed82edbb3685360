import type { Transport } from '../../engine/transport.ts';
import type { Stage, StepSet } from '../../engine/types.ts';
import { fileStep, sh, shellStep } from '../../steps/shell.ts';
import { type EtcdMemberSpec, etcdPaths } from '../etcd/etcd-files.ts';
import { type EtcdCertAuthority, etcdSteps } from '../etcd/etcd-set.ts';
import type { ObservedMember } from '../etcd/membership.ts';
import { observeCluster } from '../etcd/observe.ts';
import { type CrownDecision, decideCrown, type HostSignals, type WorkerView } from './crown-policy.ts';

export interface CrownDeployment {
  cluster: string;
  /** Every host of the cluster, control plane and workers, in the order workers are preferred. */
  hosts: EtcdMemberSpec[];
  want: number;
  graceMs: number;
  authority: EtcdCertAuthority;
  /** The overlay's and the inventory's view of the hosts (unknown where they have none). */
  signals(names: string[]): Promise<Map<string, HostSignals>>;
  /** When each member was first seen unhealthy; kept by the caller between passes, updated here. */
  unhealthySince: Map<string, number>;
  now?: () => number;
  /**
   * What else makes the crowned worker a master, after its etcd member and role: the k3s server
   * stages of a k3s deployment on this etcd cluster (built for the new member list).
   */
  serverStages?(worker: string, members: string[]): Promise<Stage[]>;
}

export interface CrownPass {
  decision: CrownDecision;
  members: ObservedMember[] | undefined;
  /** What carries the decision out (and sets returned hosts back to workers); undefined: nothing to do. */
  set: StepSet | undefined;
}

/** Where a host's role in the cluster is written: `server` or `worker`. */
export const rolePath = (cluster: string): string => `/etc/paddock/roles/${cluster}`;

/**
 * One pass of crowning: observe etcd over SSH, judge with the pure policy, and build the step set
 * that carries the decision out with the etcd set's own membership steps (one member at a time,
 * dead members removed first, under the quorum policy), then the server role for the crowned.
 * A host that was a member and is back after being replaced goes back to being a worker: its
 * etcd is stopped and its data dir moved aside, so it can never rejoin as a second master.
 */
export async function crownPass(d: CrownDeployment, transport: Transport): Promise<CrownPass> {
  const now = d.now?.() ?? Date.now();
  // Asked at once: each of these waits out its timeout on a dead host.
  const [reachable, observed, signals] = await Promise.all([
    reachability(d.hosts, transport),
    observeCluster(d.cluster, d.hosts, transport),
    d.signals(d.hosts.map((h) => h.target.name)),
  ]);
  const members = observed?.members;
  for (const m of members ?? []) {
    if (m.healthy) d.unhealthySince.delete(m.name);
    else if (!d.unhealthySince.has(m.name)) d.unhealthySince.set(m.name, now);
  }
  const names = new Set(members?.map((m) => m.name));
  const workers: WorkerView[] = d.hosts
    .filter((h) => !names.has(h.target.name))
    .map((h) => ({
      ...(signals.get(h.target.name) ?? { name: h.target.name, overlay: 'unknown', power: 'unknown' }),
      reachable: reachable.get(h.target.name) ?? false,
    }));
  const decision = decideCrown({
    want: d.want,
    graceMs: d.graceMs,
    now,
    members,
    unhealthySince: d.unhealthySince,
    signals,
    workers,
  });
  const stages: Stage[] = [];
  const spec = (n: string) => d.hosts.find((h) => h.target.name === n)!;
  if (decision.kind === 'crown') {
    const set = await etcdSteps(
      { cluster: d.cluster, members: decision.members.map(spec), authority: d.authority },
      transport,
    );
    // The members that stay are healthy and in place: only the crowned host needs its files,
    // its `member add`, its start and its health check (a second of SSH each on a busy host).
    const only = new Set(['etcd-certs', 'etcd-members', 'etcd-health']);
    const worker = (s: Stage): Stage =>
      only.has(s.name) ? { ...s, hosts: s.hosts.filter((h) => h.name === decision.worker) } : s;
    stages.push(...set.stages.map(worker), roleStage(d.cluster, [spec(decision.worker)], 'server'));
    if (d.serverStages) stages.push(...(await d.serverStages(decision.worker, decision.members)));
  }
  // Hosts back after being replaced: reachable, not members, still carrying this cluster's etcd.
  const candidates = workers.filter((w) => w.reachable && !(decision.kind === 'crown' && decision.worker === w.name));
  const returned = members
    ? await carryingEtcd(
        d.cluster,
        candidates.map((w) => spec(w.name)),
        transport,
      )
    : [];
  if (returned.length > 0) stages.push(demoteStage(d.cluster, returned));
  return {
    decision,
    members,
    set: stages.length ? { name: `crown-${d.cluster}`, stages } : undefined,
  };
}

async function reachability(hosts: EtcdMemberSpec[], transport: Transport): Promise<Map<string, boolean>> {
  const r = await Promise.all(
    hosts.map(async (h) => {
      const ok = await transport
        .remote(h.target, () => {})
        .run('true', { timeoutMs: 5_000 })
        .then((x) => x.code === 0)
        .catch(() => false);
      return [h.target.name, ok] as const;
    }),
  );
  return new Map(r);
}

/** Workers that still have this cluster's etcd data, a running etcd or the server role. */
async function carryingEtcd(cluster: string, hosts: EtcdMemberSpec[], transport: Transport): Promise<EtcdMemberSpec[]> {
  const p = etcdPaths(cluster);
  const probe = `test -d ${sh(`${p.data}/member`)} || grep -qx server ${sh(rolePath(cluster))} 2>/dev/null || { p=$(cat ${sh(p.pid)} 2>/dev/null) && kill -0 "$p" 2>/dev/null; }`;
  const found = await Promise.all(
    hosts.map((h) =>
      transport
        .remote(h.target, () => {})
        .run(probe, { timeoutMs: 5_000 })
        .then((r) => r.code === 0)
        .catch(() => false),
    ),
  );
  return hosts.filter((_, i) => found[i]);
}

function roleStage(cluster: string, hosts: EtcdMemberSpec[], role: 'server' | 'worker'): Stage {
  return {
    name: `role-${role}`,
    hosts: hosts.map((h) => h.target),
    steps: () => [
      fileStep({ id: `role-${role}`, title: `the ${role} role`, path: rolePath(cluster), content: `${role}\n` }),
    ],
  };
}

function demoteStage(cluster: string, hosts: EtcdMemberSpec[]): Stage {
  const p = etcdPaths(cluster);
  return {
    name: 'worker-again',
    hosts: hosts.map((h) => h.target),
    steps: () => [
      shellStep({
        id: 'etcd-stopped',
        title: 'etcd of a replaced member stopped, its data moved aside',
        check: `! test -d ${sh(`${p.data}/member`)} && ! { p=$(cat ${sh(p.pid)} 2>/dev/null) && kill -0 "$p" 2>/dev/null; }`,
        apply: `p=$(cat ${sh(p.pid)} 2>/dev/null) && kill "$p" 2>/dev/null; for i in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; rm -f ${sh(p.pid)} ${sh(p.initial)}; if test -d ${sh(p.data)}; then mv ${sh(p.data)} ${sh(`${p.data}.replaced-`)}$(date +%s); fi`,
        reason: 'a replaced member: it must not rejoin as a second master',
      }),
      fileStep({ id: 'role-worker', title: 'the worker role', path: rolePath(cluster), content: 'worker\n' }),
    ],
  };
}
