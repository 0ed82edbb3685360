import { failedPrecondition } from '@paddock/runtime';
import type { Node, PowerAction } from '../model/node.ts';
import type { PollOutcome } from '../model/poll-schedule.ts';
import { afterFailure, afterSuccess, planPower } from '../model/power-plan.ts';
import type { Provider } from '../power/provider.ts';
import { providerError } from './errors.ts';
import type { Inventory } from './inventory.ts';
import { withBootTimeout, withObservedPower } from './node-power.ts';

/**
 * Power through providers. `powerNode` is the API's: it acts now and records the desired power
 * only when the provider succeeded, so a failure changes nothing. `reconcileNode` is the
 * loop's: it observes, compares with the desired power, acts, and records a failure on the
 * node with a back-off rather than throwing.
 */
export async function powerNode(inv: Inventory, key: string, action: PowerAction | 'pxe'): Promise<Node> {
  const { id } = inv.get(key);
  return inv.lock.run(id, async () => {
    const node = inv.get(id);
    if (node.lifecycle.state === 'retired')
      throw failedPrecondition(`node ${node.name} is retired: power actions are refused`);
    const provider = providerOf(inv, node);
    if (action === 'pxe' && !provider.pxe)
      throw failedPrecondition(
        `node ${node.name}: the ${provider.name} provider cannot choose the next boot device; power it on instead`,
      );
    // A machine about to boot gets a fresh bootstrap token before its firmware asks for its script.
    if (action !== 'off') inv.wantToken(node);
    try {
      await (action === 'pxe' ? provider.pxe?.(node) : provider.power(node, action));
    } catch (err) {
      throw providerError(provider.name, err);
    }
    const observed = await provider.observe(node).catch(() => undefined);
    inv.log.info({ node: node.name, action, observed }, 'power action done');
    return inv.mutate(id, (n) => {
      const now = inv.now();
      const desired = action === 'off' ? 'off' : 'on';
      const after = { ...n, power: afterSuccess(n.power, desired, now, provider.settleMs), updatedAt: now };
      return observed ? withObservedPower(after, observed, now, `powered ${action} through the API`) : after;
    });
  });
}

export interface ReconcileOptions {
  bootTimeoutMs: number;
  /**
   * Ask for a fresh bootstrap token before powering a machine on (a compute host starting a
   * machine it claimed: its keys service must hold the token the machine's script carries).
   */
  wantToken?: boolean;
}

/**
 * One pass for one node; never throws for a provider's failure (that is recorded instead).
 * Says whether the provider answered, so the caller can ask a failing BMC less often.
 */
export async function reconcileNode(inv: Inventory, id: string, opts: ReconcileOptions): Promise<PollOutcome> {
  if (inv.lock.busy(id)) return 'busy';
  return inv.lock.run(id, async (): Promise<PollOutcome> => {
    const node = inv.store.find(id);
    if (!node || node.lifecycle.state === 'retired') return 'observed';
    const provider = inv.providers.get(node.provider.name);
    if (!provider) return 'observed';
    let outcome: PollOutcome = 'observed';
    const observed = await provider.observe(node).catch((err: Error) => {
      inv.log.warn({ node: node.name, err: err.message }, 'cannot observe power');
      outcome = 'failed';
      return undefined;
    });
    const seen = inv.mutate(id, (n) => {
      const now = inv.now();
      const withPower = observed ? withObservedPower(n, observed, now, `seen ${observed} by ${provider.name}`) : n;
      return withBootTimeout(withPower, now, opts.bootTimeoutMs);
    });
    const verdict = planPower(seen.power, inv.now());
    if (verdict.kind !== 'act') return outcome;
    if (opts.wantToken && verdict.action === 'on') inv.wantToken(seen);
    try {
      await provider.power(seen, verdict.action);
      const after = await provider.observe(seen).catch(() => undefined);
      inv.log.info({ node: seen.name, action: verdict.action }, 'reconciled power');
      inv.mutate(id, (n) => {
        const now = inv.now();
        const ok = { ...n, power: afterSuccess(n.power, n.power.desired, now, provider.settleMs), updatedAt: now };
        return after ? withObservedPower(ok, after, now, `powered ${verdict.action} by the reconciler`) : ok;
      });
    } catch (err) {
      const message = providerError(provider.name, err).message;
      inv.log.warn({ node: seen.name, action: verdict.action, err: message }, 'power action failed; will retry');
      inv.mutate(id, (n) => ({ ...n, power: afterFailure(n.power, message, inv.now()), updatedAt: inv.now() }));
    }
    return outcome;
  });
}

function providerOf(inv: Inventory, node: Node): Provider {
  const provider = inv.providers.get(node.provider.name);
  if (!provider)
    throw failedPrecondition(`node ${node.name} uses provider ${node.provider.name}, which this server does not have`);
  return provider;
}
