import { connectOptions, MachineClaims, type StoreTarget, serverId, sitePrefix } from '@paddock/etcd';
import type { ModuleContext } from '@paddock/runtime';
import { Etcd3 } from 'etcd3';
import type { Inventory } from '../core/inventory.ts';
import type { HaltingProvider } from '../power/provider.ts';
import { ComputeHost } from './compute-host.ts';

export interface ComputeSettings {
  store: StoreTarget;
  site: string;
  computeCapacity: number;
  claimTtl: number;
  reconcileInterval: number;
  bootTimeout: number;
}

/** `--compute-host` needs machine claims, which live in etcd: say so at start rather than run alone. */
export function checkComputeHost(store: StoreTarget): void {
  if (store.kind !== 'etcd')
    throw new Error(
      '--compute-host needs --store etcd://…: machine claims live in etcd (with SQLite, this server runs every QEMU machine itself)',
    );
}

/**
 * Starts this server as a compute host on the site's etcd: its claims on a client of their
 * own, under this server's id (the one its roles carry). `done` resolves once the loop ended
 * and its machines were handed over.
 */
export function startComputeHost(
  s: ComputeSettings,
  ctx: ModuleContext,
  inv: Inventory,
  qemu: HaltingProvider,
  signal: AbortSignal,
): { claims: MachineClaims; done: Promise<void> } {
  if (s.store.kind !== 'etcd') throw new Error('a compute host needs an etcd store');
  const client = new Etcd3(connectOptions(s.store.endpoints, s.store.tls, 2_000));
  let host: ComputeHost | undefined;
  const claims = new MachineClaims(client, {
    prefix: sitePrefix(s.store, s.site),
    host: serverId(ctx.addresses().grpc),
    ttlSeconds: s.claimTtl,
    onLost: (machine, why) => host?.lost(machine, why),
  });
  host = new ComputeHost(inv, qemu, claims, {
    capacity: s.computeCapacity,
    pollMs: Math.min(1_000, s.reconcileInterval * 1000),
    bootTimeoutMs: s.bootTimeout * 1000,
  });
  ctx.log.info(
    { host: claims.host, capacity: s.computeCapacity, ttl: s.claimTtl },
    'compute host: claiming QEMU machines',
  );
  const done = host.run(signal).finally(() => client.close());
  return { claims, done };
}
