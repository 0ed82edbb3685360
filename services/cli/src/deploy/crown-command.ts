import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { k3sServerStages, keysAuthority } from '@paddock/deploy-service/request';
import {
  type CrownDeployment,
  type CrownEvent,
  computePlan,
  crownPass,
  formatPlan,
  openSshTransport,
  overlaySignals,
  type Power,
  planMembers,
  progressPrinter,
  runCrownController,
  runDeployment,
  type Target,
} from '@paddock/deployers';
import { SiteRoles, type StoreTarget, serverId } from '@paddock/etcd';
import { InventoryServiceDefinition, PowerState } from '@paddock/proto/inventory/v1/inventory.ts';
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
export async function crown(f: CrownFlags, targets: Target[], network: Parameters<typeof planMembers>[0]) {
  const dir = join(f.dataDir, 'deploy', `crown-${f.cluster}`);
  mkdirSync(dir, { recursive: true });
  const sinceFile = join(dir, 'unhealthy-since.json');
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
    const inventory = clientFor(InventoryServiceDefinition, f);
    const hosts = planMembers(network, targets).map((m) => ({ target: m.target, address: m.address.split('/')[0]! }));
    const d: CrownDeployment = {
      cluster: f.cluster,
      hosts,
      want: Number(f.masters),
      graceMs: Number(f.grace) * 1000,
      authority: keysAuthority(keys),
      signals: overlaySignals(hosts, transport, (name) => power(inventory, name)),
      unhealthySince: new Map(readSince(sinceFile)),
      // A k3s deployment on this etcd cluster: the crowned worker becomes one of its servers too.
      serverStages: (worker, members) => k3sServerStages(f.dataDir, f.cluster, worker, members, keysAuthority(keys)),
    };
    const run = { limit: Number(f.limit), progressFile: join(dir, 'progress.json'), logDir: join(dir, 'logs') };
    try {
      if (f.watch) return await watch(f, d, transport, run, logLine, ac.signal);
      const p = await crownPass(d, transport);
      writeFileSync(sinceFile, JSON.stringify([...d.unhealthySince]));
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
      inventory.close();
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

function readSince(file: string): [string, number][] {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as [string, number][];
  } catch {
    return [];
  }
}

/** The inventory's observed power of the node of that name; unknown when it has none or cannot say. */
async function power(
  inventory: ReturnType<typeof clientFor<typeof InventoryServiceDefinition>>,
  name: string,
): Promise<Power> {
  const r = await inventory.getNode({ node: name }, { deadlineMs: 3_000 }).catch(() => undefined);
  const observed = r?.node?.power?.observed;
  return observed === PowerState.POWER_STATE_ON ? 'on' : observed === PowerState.POWER_STATE_OFF ? 'off' : 'unknown';
}
