import {
  type CertAuthority,
  etcdSteps,
  overlaySteps,
  type Power,
  planMembers,
  type SshAuthority,
  type StepSet,
  type Target,
  type Transport,
} from '@paddock/deployers';
import { crownStepSet } from './crown-deployment.ts';
import { type DeployOptions, overlayNetwork } from './deploy-options.ts';
import { k3sDeployment } from './k3s-deployment.ts';
import { recordK3s } from './k3s-record.ts';

/** What building a step set may use: the data dir (tokens, earlier runs), SSH to the hosts, the keys service. */
export interface SetContext {
  dataDir: string;
  transport: Transport;
  authority: SshAuthority & CertAuthority;
  /** The inventory's view of a host's power (crowning); unknown without one. */
  power?: (name: string) => Promise<Power>;
}

/** Builds a step set from the hosts and the options; throws (with what to fix) on bad options. */
export type SetBuilder = (
  targets: Target[],
  o: DeployOptions,
  ctx: SetContext,
) => Promise<StepSet & { decision?: string }>;

/** The step sets the DeployService runs by name (and `paddock deploy`, whose crown has its own command). */
export const STEP_SETS: Readonly<Record<string, SetBuilder>> = {
  overlay: async (targets, o) =>
    overlaySteps({ network: overlayNetwork(o), targets, agentCommand: o.agent, agentBundle: o.agentBundle }),
  etcd: async (targets, o, ctx) => {
    const members = planMembers(overlayNetwork(o), targets).map((m) => ({
      target: m.target,
      address: m.address.split('/')[0]!,
    }));
    return etcdSteps({ cluster: o.cluster, members, authority: ctx.authority }, ctx.transport);
  },
  k3s: async (targets, o, ctx) => {
    const set = await k3sDeployment(ctx.dataDir, o, targets, ctx.authority);
    // Crowning reads it to make a new master a k3s server on the same settings.
    recordK3s(ctx.dataDir, { targets, options: o });
    return set;
  },
  // One crowning pass: its decision, and the steps that carry it out (none when there is nothing to do).
  crown: (targets, o, ctx) => crownStepSet(ctx.dataDir, targets, o, ctx.transport, ctx.authority, ctx.power),
};
