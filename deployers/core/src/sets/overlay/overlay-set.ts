import type { Stage, StepSet, Target } from '../../engine/types.ts';
import { daemonStep, fileStep, runOk, sh, shellStep } from '../../steps/shell.ts';
import { agentInstall } from './agent-bundle.ts';
import { bareAddress, type OverlayNetwork, type PlannedMember, planMembers } from './members.ts';

export interface OverlayDeployment {
  network: OverlayNetwork;
  targets: Target[];
  /** How a host runs the agent; default `paddock overlay agent` (the Debian package). */
  agentCommand?: string;
  /** A local directory with `node` and `overlay-agent.mjs`, pushed to each host and run from there (replaces agentCommand). */
  agentBundle?: string | undefined;
  /** Seconds between the agent's passes. */
  interval?: number;
}

const dir = (net: string) => `/etc/paddock/overlay/${net}`;

/**
 * `paddock deploy overlay`: on each host a WireGuard key (made there, never copied), then the
 * overlay agent's state naming every member with its public key, the agent running as a daemon,
 * and finally every member answering ping on the overlay.
 */
export function overlaySteps(d: OverlayDeployment): StepSet {
  const members = planMembers(d.network, d.targets);
  const pushed = d.agentBundle ? agentInstall(d.agentBundle) : undefined;
  const agent = pushed?.command ?? d.agentCommand ?? 'paddock overlay agent';
  const net = d.network.name;
  const keyFile = `${dir(net)}/wireguard.key`;
  const keys = new Map<string, string>();
  const member = (t: Target) => members.find((m) => m.target.name === t.name)!;

  const keysStage: Stage = {
    name: 'overlay-keys',
    hosts: d.targets,
    steps: () => [
      pushed?.step ??
        shellStep({
          id: 'agent-installed',
          title: 'overlay agent installed',
          check: `command -v ${sh(agent.split(' ')[0]!)} >/dev/null`,
          apply: `echo "the overlay agent (${agent.split(' ')[0]}) is not installed: install the paddock package or boot the node image" >&2; exit 1`,
          reason: 'agent not installed',
        }),
      shellStep({
        id: 'wireguard-key',
        title: 'WireGuard key',
        check: `test -s ${sh(keyFile)}`,
        apply: `umask 077 && mkdir -p ${sh(dir(net))} && wg genkey > ${sh(keyFile)}.tmp && mv ${sh(keyFile)}.tmp ${sh(keyFile)}`,
        reason: 'no key yet',
      }),
    ],
    collect: async ({ target, remote }) => {
      const pub = (await runOk(remote, `wg pubkey < ${sh(keyFile)}`)).stdout.trim();
      keys.set(target.name, pub);
    },
  };

  const state = (t: Target) =>
    `${JSON.stringify(
      {
        node: t.name,
        privateKeyFile: keyFile,
        networks: [
          {
            name: net,
            subnet: d.network.subnet,
            transit: d.network.transit,
            vni: d.network.vni,
            underlayMtu: d.network.underlayMtu ?? 1500,
            listenPort: d.network.listenPort,
            members: members.map((m) => memberJson(m, keys)),
          },
        ],
      },
      null,
      2,
    )}\n`;

  const joinStage: Stage = {
    name: 'overlay-join',
    hosts: d.targets,
    steps: (t) => [
      fileStep({
        id: 'state',
        title: 'overlay state',
        path: `${dir(net)}/state.json`,
        content: () => state(t),
        mode: '600',
      }),
      daemonStep({
        id: 'agent-running',
        title: 'overlay agent running',
        command: `${agent} --state ${sh(`${dir(net)}/state.json`)} --interval ${d.interval ?? 5}`,
        pidFile: `/run/paddock/overlay-${net}.pid`,
        logFile: `/var/log/paddock/overlay-${net}.log`,
        match: `${dir(net)}/state.json`,
        // A new bundle restarts the agent.
        stamp: pushed?.files,
      }),
    ],
  };

  const verifyStage: Stage = {
    name: 'overlay-verify',
    hosts: d.targets,
    steps: (t) => [peersStep(members.filter((m) => m.target.name !== t.name).map(bareAddress), member(t))],
  };
  return { name: `overlay-${net}`, stages: [keysStage, joinStage, verifyStage] };
}

function memberJson(m: PlannedMember, keys: Map<string, string>) {
  const publicKey = keys.get(m.target.name);
  if (!publicKey) throw new Error(`no WireGuard public key known for ${m.target.name} yet`);
  return { name: m.target.name, publicKey, address: m.address, tunnelAddress: m.tunnelAddress, endpoint: m.endpoint };
}

/** Every other member answers ping on the overlay; apply waits for the agents to converge (up to 40 s). */
function peersStep(peers: string[], self: PlannedMember) {
  const probe = peers.map((p) => `ping -c1 -W1 ${p} >/dev/null 2>&1 || echo ${p}`).join('; ');
  return {
    id: 'peers-reachable',
    title: `members reachable from ${bareAddress(self)}`,
    check: async ({ remote }: { remote: import('../../engine/types.ts').Remote }) => {
      if (peers.length === 0) return { kind: 'ok' as const };
      const silent = (await remote.run(probe || 'true')).stdout.trim();
      return silent
        ? { kind: 'change' as const, reason: `no answer yet from ${silent.split('\n').join(', ')}` }
        : { kind: 'ok' as const };
    },
    apply: async ({ remote }: { remote: import('../../engine/types.ts').Remote }) => {
      const wait = `for i in $(seq 40); do s=$( ${probe} ); [ -z "$s" ] && exit 0; sleep 1; done; echo "no answer from $s" >&2; exit 1`;
      await runOk(remote, wait);
    },
  };
}
