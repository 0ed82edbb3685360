import type { Target } from '@paddock/deployers';
import { DeployServiceDefinition } from '@paddock/proto/deploy/v1/deploy.ts';
import { fromRevisionOf, invalidArgument, service, type WatchSource, watch } from '@paddock/runtime';
import type { DeploymentView } from '../model/deployment.ts';
import { resolveOptions } from '../request/deploy-options.ts';
import type { DeployChange, DeployManager } from '../server/deploy-manager.ts';
import { deploymentToProto, planToProto, targetFromProto } from './convert.ts';
import { eventToProto } from './event-convert.ts';

export type DeploySource = WatchSource<DeploymentView, DeployChange>;

/** Turns a selector into targets (the inventory); absent where no inventory is reachable. */
export type SelectorResolver = (selector: string) => Promise<Target[]>;

/** paddock.deploy.v1.DeployService over the deployment manager. */
export function deployService(m: DeployManager, deployments: DeploySource, resolve?: SelectorResolver) {
  return service(DeployServiceDefinition, {
    async startDeployment(req) {
      let options: ReturnType<typeof resolveOptions>;
      try {
        options = resolveOptions(req.options ?? {});
      } catch (err) {
        throw invalidArgument((err as Error).message);
      }
      const targets = req.targets.map(targetFromProto);
      if (req.selector.trim() !== '') {
        if (!resolve) throw invalidArgument('selector: no inventory here to resolve it; give the targets');
        targets.push(...(await resolve(req.selector)));
      }
      const r = { set: req.set, targets, options };
      if (req.plan) return { plan: planToProto(await m.plan(r)) };
      return { deployment: deploymentToProto(await m.start(r)) };
    },
    listDeployments: () => ({ deployments: m.list().map((d) => deploymentToProto(d)) }),
    getDeployment(req) {
      const lines = Math.min(req.logLines || 20, 500);
      const d = m.get(req.id);
      return { deployment: deploymentToProto(d, (h) => m.logTail(d.id, h.name, lines)) };
    },
    cancelDeployment: async (req) => ({ deployment: deploymentToProto(await m.cancel(req.id)) }),
    async *watchDeployments(req, ctx) {
      for await (const e of watch(deployments, { fromRevision: fromRevisionOf(req), signal: ctx.signal })) {
        const d = e.snapshot ?? e.change?.deployment;
        const event = e.change?.event;
        yield { watch: e.watch, deployment: d && deploymentToProto(d), event: event && eventToProto(event) };
      }
    },
  });
}
