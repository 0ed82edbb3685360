import { DEPLOYMENT_STATE_NAMES, eventFromProto, optionsToProto } from '@paddock/deploy-service';
import { type DeployOptions, parseHosts } from '@paddock/deploy-service/request';
import { type DeployEvent, progressPrinter } from '@paddock/deployers';
import {
  type Deployment,
  DeploymentState,
  DeployServiceDefinition,
  type StartDeploymentRequest,
  type WatchDeploymentsResponse,
} from '@paddock/proto/deploy/v1/deploy.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import type { Client } from '@paddock/runtime';
import { type ClientFlags, withClientOf } from '../client-options.ts';
import { waitOnWatch } from '../follow.ts';
import { printJson } from '../output.ts';

export interface DeployFlags extends ClientFlags {
  host?: string[];
  selector?: string;
  plan?: boolean;
  onServer?: boolean;
  [option: string]: unknown;
}

export const withDeploy = withClientOf(DeployServiceDefinition);
export const stateName = (d: Deployment) => DEPLOYMENT_STATE_NAMES.get(d.state) ?? 'unknown';

/**
 * `paddock deploy SET --on-server`: the server's DeployService runs the deployment (its keys
 * service certifies the SSH session, `--selector` is resolved there) and this command follows
 * it on WatchDeployments with the same per-host bars as a local run. Ctrl-C stops following
 * only: the deployment goes on (`paddock deploy cancel ID` stops it).
 */
export async function onServer(set: string, f: DeployFlags, o: DeployOptions): Promise<void> {
  const targets = (f.host?.length ? parseHosts(f.host) : []).map((t) => ({ port: 0, user: '', ...t }));
  await withDeploy(f, async (c) => {
    const request = { set, targets, options: optionsToProto(o), plan: !!f.plan, selector: f.selector ?? '' };
    if (f.plan) {
      const { plan } = await c.startDeployment(request);
      if (f.json) return printJson(plan);
      if (plan?.decision) process.stdout.write(`${plan.decision}\n`);
      process.stdout.write(`${plan?.lines.join('\n')}\n`);
      return;
    }
    const onInt = (id: string) => () => {
      process.stderr.write(`\nstopped following; the deployment goes on (paddock deploy cancel ${id})\n`);
      process.exit(130);
    };
    let stop: (() => void) | undefined;
    try {
      const last = await startAndFollow(c, request, {
        print: f.json ? undefined : progressPrinter(process.stdout),
        started: (d) => {
          process.stderr.write(`deployment ${d.id} on the server\n`);
          if (d.decision && !f.json) process.stdout.write(`${d.decision}\n`);
          // The run is the server's: Ctrl-C only stops this command following it.
          stop = onInt(d.id);
          process.once('SIGINT', stop);
        },
      });
      if (!last) return;
      if (f.json) printJson(last);
      if (last.state !== DeploymentState.DEPLOYMENT_STATE_SUCCEEDED) {
        process.stderr.write(`${stateName(last)}${last.error ? `: ${last.error}` : ''}\n`);
        process.exitCode = 1;
      }
    } finally {
      if (stop) process.off('SIGINT', stop);
    }
  });
}

/**
 * Starts a deployment on the server and follows it on WatchDeployments (from the revision
 * before the start, so no event is missed; reconnects resume) until it ends; `print` gets each
 * engine event. The deployment as it ended, or undefined when the server started none.
 */
export async function startAndFollow(
  c: Client<typeof DeployServiceDefinition>,
  request: StartDeploymentRequest,
  o: { print?: ((e: DeployEvent) => void) | undefined; started?: (d: Deployment) => void } = {},
): Promise<Deployment | undefined> {
  // Where the stream is now, so that every event of the new deployment is seen from its start.
  const from = await waitOnWatch<WatchDeploymentsResponse, bigint>({
    open: (fromRevision, signal) => c.watchDeployments({ watch: { fromRevision } }, { signal }),
    from: 0n,
    until: (m) => (m.watch?.kind === WatchEventKind.WATCH_EVENT_KIND_SYNCED ? m.watch.revision : undefined),
    timeoutMs: 30_000,
    missed: () => 'the deploy service did not answer',
  });
  // Building a set may first look at the hosts over SSH (etcd's members, a crowning pass): slow
  // hosts (machines under emulation) take longer than a call's usual 30 s.
  const { deployment } = await c.startDeployment(request, { deadlineMs: 600_000 });
  if (!deployment) return undefined;
  o.started?.(deployment);
  return waitOnWatch<WatchDeploymentsResponse, Deployment>({
    open: (fromRevision, signal) => c.watchDeployments({ watch: { fromRevision } }, { signal }),
    from,
    until: (m) => {
      if (m.deployment?.id !== deployment.id) return undefined;
      const e = m.event && eventFromProto(m.event);
      if (e) o.print?.(e);
      return m.deployment.state === DeploymentState.DEPLOYMENT_STATE_RUNNING ? undefined : m.deployment;
    },
    timeoutMs: 24 * 3600_000,
    missed: () => `deployment ${deployment.id} did not finish`,
  });
}
