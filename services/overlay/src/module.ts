import type { ModuleFactory, ServiceHandle } from '@paddock/runtime';
import { overlayService } from './api/service.ts';
import { OverlayControl } from './control/control.ts';
import { MIGRATIONS } from './control/migrations.ts';
import { TopologyStore } from './control/topology-store.ts';

/** What the overlay needs to know of node identities (the keys service's NodeIdentities in `paddock up`). */
export interface IdentitySource {
  /** The nodes that hold a live identity; undefined while unknown (the keys service has not started). */
  liveIdentities(): ReadonlySet<string> | undefined;
  onRevoked(listener: (nodes: string[]) => void): () => void;
}

export interface OverlayModuleOptions {
  /** Members a node registered under its identity leave when that identity is revoked. */
  identities?: IdentitySource;
  /** How often members are checked against their identities (revocations missed, expiry); default 5 s. */
  sweepMs?: number;
}

/** The overlay control plane as a runtime module (`paddock up`): its topology lives in overlay.db. */
export function createOverlay(opts: OverlayModuleOptions = {}): ServiceHandle {
  return { name: 'overlay', factory: overlayModule(opts) };
}

export function overlayModule(opts: OverlayModuleOptions): ModuleFactory {
  return (ctx) => {
    const store = new TopologyStore(ctx.openDatabase('overlay', { migrations: MIGRATIONS, synchronous: 'NORMAL' }));
    const control = new OverlayControl(store);
    const ids = opts.identities;
    const revoke = (node: string, why: string) => {
      const n = control.revokeNode(node);
      if (n) ctx.log.info({ node, members: n }, `overlay members removed: ${why}`);
    };
    // One read of the certificates per sweep, whatever the number of members.
    const sweep = () => {
      const live = ids?.liveIdentities();
      if (!live) return;
      for (const m of store.members())
        if (m.registeredBy === 'node' && !live.has(m.name)) revoke(m.name, 'no live identity');
    };
    let stopRevoked: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    return {
      name: 'overlay',
      protoFiles: ['paddock/overlay/v1/overlay.proto'],
      services: [overlayService(control, store)],
      start() {
        stopRevoked = ids?.onRevoked((nodes) => {
          for (const node of nodes) revoke(node, 'identity revoked');
        });
        sweep();
        timer = setInterval(sweep, opts.sweepMs ?? 5000);
        timer.unref();
        ctx.setHealthy('overlay', true);
      },
      stop() {
        stopRevoked?.();
        clearInterval(timer);
      },
    };
  };
}
