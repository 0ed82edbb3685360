import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  crownDeployment,
  crownDir,
  type DeployOptions,
  inventoryPower,
  keysAuthority,
} from '@paddock/deploy-service/request';
import {
  type CrownDeployment,
  type CrownEvent,
  computePlan,
  crownPass,
  formatPlan,
  openSshTransport,
  progressPrinter,
  runCrownController,
  runDeployment,
  type Target,
} from '@paddock/deployers';
import { SiteRoles, type StoreTarget, serverId } from '@paddock/etcd';
import { InventoryServiceDefinition } from '@paddock/proto/inventory/v1/inventory.ts';
import { PaddockError } from '@paddock/runtime';
import { type ClientFlags, clientFor } from '../client-options.ts';
import { withKeys } from '../keys/client.ts';
import { printJson } from '../output.ts';

export interface CrownFlags extends ClientFlags {
  dataDir: string;
  json?: boolean;
  plan?: boolean;
  watch?: boolean;
  limit: string;
  cluster: string;
  masters: string;
  grace: string;
  interval: string;
  store?: StoreTarget;
  site: string;
}

/**
 * `paddock deploy crown`: one crowning pass (or, with --watch, a controller that acts only while
 * it holds the crown role of the site's etcd). Every decision is printed with its reasons and
 * appended to the deploy log; when a member was first seen unhealthy is kept between passes.
 */
export async function crown(f: CrownFlags, targets: Target[], o: DeployOptions) {
  const dir = crownDir(f.dataDir, f.cluster);
  mkdirSync(dir, { recursive: true });
  const logLine = (e: CrownEvent) => {
    appendFileSync(join(dir, 'decisions.log'), `${JSON.stringify(e)}\n`);
    if (f.json) return printJson(e);
    const out = e.outcome
      ? ` -> ${e.outcome.ok ? `done, ${e.outcome.changed} changed` : `failed: ${e.outcome.error}`}`
      : '';
    process.stdout.write(
      `${new Date(e.at).toISOString()} ${e.decision.kind}: ${e.decision.reasons.join('; ')}${out}\n`,
    );
  };
  await withKeys(f, async (keys) => {
    const ac = new AbortController();
    const onSigint = () => ac.abort();
    process.once('SIGINT', onSigint);
    const transport = await openSshTransport(keysAuthority(keys), targets, { signal: ac.signal });
    // Without an inventory to ask, power is unknown: the overlay and etcd still decide.
    let inventory: Awaited<ReturnType<typeof clientFor<typeof InventoryServiceDefinition>>> | undefined;
    try {
      inventory = await clientFor(InventoryServiceDefinition, f);
    } catch {}
    const c = crownDeployment(f.dataDir, targets, o, transport, keysAuthority(keys), async (name) =>
      inventory ? inventoryPower(inventory, name) : 'unknown',
    );
    const d = c.deployment;
    const run = { limit: Number(f.limit), progressFile: join(dir, 'progress.json'), logDir: join(dir, 'logs') };
    try {
      if (f.watch) return await watch(f, d, transport, run, logLine, ac.signal);
      const p = await crownPass(d, transport);
      c.save();
      const e: CrownEvent = { at: Date.now(), decision: p.decision };
      if (f.plan || !p.set) {
        logLine(e);
        if (p.set && f.plan) process.stdout.write(`${formatPlan(await computePlan(p.set, transport)).join('\n')}\n`);
        return;
      }
      const r = await runDeployment(p.set, transport, {
        ...run,
        signal: ac.signal,
        onEvent: f.json ? undefined : progressPrinter(process.stdout),
      });
      const error = r.failures.map((x) => `${x.host} ${x.step}: ${x.error}`).join('; ');
      logLine({ ...e, outcome: { ok: r.ok, changed: r.changed, ...(error ? { error } : {}) } });
      if (!r.ok) process.exitCode = 1;
    } finally {
      process.off('SIGINT', onSigint);
      inventory?.close();
      await transport.close();
    }
  });
}

async function watch(
  f: CrownFlags,
  d: CrownDeployment,
  transport: Awaited<ReturnType<typeof openSshTransport>>,
  run: { limit: number; progressFile: string; logDir: string },
  onEvent: (e: CrownEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  if (f.store?.kind !== 'etcd')
    throw new PaddockError(
      'invalidArgument',
      '--watch needs --store etcd://…: two controllers never crown twice only under its election',
    );
  const roles = new SiteRoles({ target: f.store, site: f.site, roles: ['crown'], ttlSeconds: 10 });
  roles.start(serverId(`deploy-crown-${f.cluster}`));
  const election = roles.election('crown')!;
  try {
    await runCrownController(
      {
        deployment: d,
        transport,
        intervalMs: Number(f.interval) * 1000,
        gate: election,
        record: (e) =>
          election.fencedPut(`${roles.prefix}crown/${f.cluster}/decisions/${e.at}`, JSON.stringify(e.decision)),
        onEvent,
        run,
      },
      signal,
    );
  } finally {
    await roles.stop();
  }
}
