/** WakeService: wake a machine, then follow the wake live. */
import { WakeServiceDefinition } from '@paddock/proto/scanner/v1/wake.ts';
import { fromRevisionOf, type ServiceRegistration, service, watch } from '@paddock/runtime';
import type { WakeManager } from '../wake/wake-manager.ts';

export function wakeService(wakes: WakeManager): ServiceRegistration {
  return service(WakeServiceDefinition, {
    async wake(req) {
      return { wake: wakes.wake(req) };
    },
    async getWake(req) {
      return { wake: wakes.get(req.id) };
    },
    async listWakes(req) {
      return { wakes: wakes.list(Math.min(req.limit || 20, 1000)) };
    },
    async *watchWakes(req, ctx) {
      for await (const e of watch(wakes.source(), { fromRevision: fromRevisionOf(req), signal: ctx.signal }))
        yield { watch: e.watch, event: e.snapshot ?? e.change };
    },
  });
}
