import {
  type CertAuthority,
  etcdSteps,
  overlaySteps,
  planMembers,
  type SshAuthority,
  type StepSet,
  type Target,
  type Transport,
} from '@paddock/deployers';
import { type DeployOptions, overlayNetwork } from './deploy-options.ts';
import { k3sDeployment } from './k3s-deployment.ts';
import { recordK3s } from './k3s-record.ts';

/** What building a step set may use: the data dir (tokens, earlier runs), SSH to the hosts, the keys service. */
export interface SetContext {
  dataDir: string;
  transport: Transport;
  authority: SshAuthority & CertAuthority;
}

/** Builds a step set from the hosts and the options; throws (with what to fix) on bad options. */
export type SetBuilder = (targets: Target[], o: DeployOptions, ctx: SetContext) => Promise<StepSet>;

/** The step sets `paddock deploy` and the DeployService run, by name (crown has its own command). */
export const STEP_SETS: Readonly<Record<string, SetBuilder>> = {
  overlay: async (targets, o) => overlaySteps({ network: overlayNetwork(o), targets, agentCommand: o.agent }),
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
};
