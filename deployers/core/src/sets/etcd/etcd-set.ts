import type { Transport } from '../../engine/transport.ts';
import type { Stage, Step, StepSet } from '../../engine/types.ts';
import { type CertAuthority, certSteps } from '../../steps/cert.ts';
import { daemonStep, fileStep, runOk, sh } from '../../steps/shell.ts';
import {
  clientUrl,
  type EtcdMemberSpec,
  etcdctl,
  etcdEnv,
  etcdPaths,
  initialEnv,
  parseMemberList,
  peerUrl,
} from './etcd-files.ts';
import { type ObservedMember, planMembership } from './membership.ts';
import { observeCluster } from './observe.ts';

/** What the deployer needs from the keys service: the cluster CA, and certificates for CSRs made on the hosts. */
export type EtcdCertAuthority = CertAuthority;

export interface EtcdDeployment {
  cluster: string;
  members: EtcdMemberSpec[];
  authority: EtcdCertAuthority;
}

/**
 * `paddock deploy etcd`: observes the cluster first, then either bootstraps every member at once
 * or changes the membership one member at a time (dead members removed first, each new member
 * added, started and healthy before the next), refusing any change that would lose quorum.
 */
export async function etcdSteps(d: EtcdDeployment, transport: Transport): Promise<StepSet> {
  if (d.members.length === 0) throw new Error('etcd: no members');
  const observed = await observeCluster(d.cluster, d.members, transport);
  const plan = planMembership(
    d.members.map((m) => m.target.name),
    observed?.members,
  );
  if (plan.kind === 'refused') throw new Error(`etcd ${d.cluster}: refused: ${plan.reason}`);
  const ca = await d.authority.caBundle();
  const stages: Stage[] = [certStage(d, ca)];
  if (plan.kind === 'bootstrap') {
    const all = d.members.map((m) => `${m.target.name}=${peerUrl(m)}`);
    stages.push({
      name: 'etcd-start',
      hosts: d.members.map((m) => m.target),
      steps: () => startSteps(d, () => initialEnv('new', all)),
    });
  } else {
    const healthy =
      observed!.members
        .filter((m) => m.healthy)
        .map((m) => d.members.find((x) => x.target.name === m.name))
        .find(Boolean) ?? observed!.via;
    const peers = () =>
      observed!.members.filter((m) => m.healthy && !plan.remove.includes(m)).map((m) => peerToClient(m));
    if (plan.remove.length > 0) {
      stages.push({
        name: 'etcd-remove',
        hosts: [healthy.target],
        limit: 1,
        steps: () => plan.remove.map((m) => removeStep(d.cluster, healthy, m)),
      });
    }
    stages.push({
      name: 'etcd-members',
      hosts: d.members.map((m) => m.target),
      limit: 1,
      steps: (t) => {
        const m = member(d, t.name);
        let initial = '';
        return [
          addStep(d.cluster, m, peers, (s) => {
            initial = s;
          }),
          ...startSteps(d, () => {
            if (!initial) throw new Error('the initial cluster is unknown (member-listed was resumed): run again');
            return initial;
          }),
          // Healthy before the next member is added: etcd counts an added member in the quorum at once.
          healthStep(d.cluster, m),
        ];
      },
    });
  }
  stages.push({
    name: 'etcd-health',
    hosts: d.members.map((m) => m.target),
    steps: (t) => [healthStep(d.cluster, member(d, t.name))],
  });
  return { name: `etcd-${d.cluster}`, stages };
}

const member = (d: EtcdDeployment, name: string) => d.members.find((m) => m.target.name === name)!;
const peerToClient = (m: ObservedMember) => m.peerUrl.replace(/:2380$/, ':2379');

function certStage(d: EtcdDeployment, ca: string): Stage {
  const p = etcdPaths(d.cluster);
  return {
    name: 'etcd-certs',
    hosts: d.members.map((m) => m.target),
    steps: (t) => {
      const m = member(d, t.name);
      return [
        ...certSteps({
          files: { key: p.key, cert: p.cert, ca: p.ca },
          ids: { key: 'member-key', ca: 'ca', cert: 'member-cert' },
          keyTitle: 'member key (made on the host)',
          name: `${m.target.name}-etcd`,
          address: m.address,
          ca,
          authority: d.authority,
        }),
        fileStep({ id: 'settings', title: 'etcd settings', path: p.env, content: etcdEnv(d.cluster, m) }),
      ];
    },
  };
}

function startSteps(d: EtcdDeployment, initial: () => string): Step[] {
  const p = etcdPaths(d.cluster);
  return [
    {
      id: 'initial-cluster',
      title: 'initial cluster (read once, before the data dir exists)',
      check: async ({ remote }) =>
        (await remote.run(`test -d ${sh(`${p.data}/member`)} || test -s ${sh(p.initial)}`)).code === 0
          ? { kind: 'ok' }
          : { kind: 'change', reason: 'first start' },
      apply: async ({ remote }) => {
        await runOk(remote, `mkdir -p ${sh(p.dir)} && cat > ${sh(p.initial)}`, initial());
      },
    },
    daemonStep({
      id: 'running',
      title: 'etcd running',
      command: `sh -c ${sh(`set -a; . ${p.env}; . ${p.initial}; exec etcd`)}`,
      pidFile: p.pid,
      logFile: p.log,
      match: 'etcd',
    }),
  ];
}

/** Listed in the cluster (etcdctl member add from this host against the healthy members). */
function addStep(cluster: string, m: EtcdMemberSpec, peers: () => string[], onInitial: (env: string) => void): Step {
  return {
    id: 'member-listed',
    title: 'member of the cluster',
    check: async ({ remote }) => {
      const r = await runOk(remote, etcdctl(cluster, peers(), 'member list -w simple'));
      const listed = parseMemberList(r.stdout);
      if (listed.some((x) => x.peerUrl === peerUrl(m))) {
        onInitial(
          initialEnv(
            'existing',
            listed.map((x) => `${x.name || m.target.name}=${x.peerUrl}`),
          ),
        );
        return { kind: 'ok' };
      }
      return { kind: 'change', reason: 'not a member yet' };
    },
    apply: async ({ remote }) => {
      await runOk(remote, etcdctl(cluster, peers(), `member add ${sh(m.target.name)} --peer-urls=${peerUrl(m)}`));
    },
  };
}

function removeStep(cluster: string, via: EtcdMemberSpec, gone: ObservedMember): Step {
  return {
    id: `remove-${gone.name || gone.id}`,
    title: `remove member ${gone.name || gone.id}${gone.healthy ? '' : ' (unhealthy)'}`,
    check: async ({ remote }) => {
      const r = await runOk(remote, etcdctl(cluster, [clientUrl(via)], 'member list -w simple'));
      return parseMemberList(r.stdout).some((x) => x.id === gone.id)
        ? { kind: 'change', reason: 'not in the desired members' }
        : { kind: 'ok' };
    },
    apply: async ({ remote }) => {
      await runOk(remote, etcdctl(cluster, [clientUrl(via)], `member remove ${gone.id}`));
    },
  };
}

function healthStep(cluster: string, m: EtcdMemberSpec): Step {
  const health = etcdctl(cluster, [clientUrl(m)], 'endpoint health');
  return {
    id: 'healthy',
    title: 'member healthy',
    check: async ({ remote }) =>
      (await remote.run(health)).code === 0 ? { kind: 'ok' } : { kind: 'change', reason: 'not healthy yet' },
    apply: async ({ remote }) => {
      await runOk(remote, `for i in $(seq 60); do ${health} >/dev/null 2>&1 && exit 0; sleep 1; done; ${health}`);
    },
  };
}
