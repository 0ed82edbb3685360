import { readFile } from 'node:fs/promises';
import type { ResolvedNetwork } from '../model/resolved.ts';
import { validateState } from '../model/validate.ts';
import { plan } from '../plan/planner.ts';
import { type Applied, apply, type Shell } from './apply.ts';
import { observe } from './observe.ts';

export interface NetworkReport extends Applied {
  network: string;
  /** True when a fresh observation after applying needs no further step. */
  converged: boolean;
  remaining: string[];
  peers: { name: string; handshake: boolean }[];
}

export class StateError extends Error {
  readonly errors: string[];
  constructor(errors: string[]) {
    super(`invalid overlay state:\n  ${errors.join('\n  ')}`);
    this.errors = errors;
  }
}

/** One pass of the agent: read the state, plan each network against the kernel, apply, check. */
export async function reconcile(stateText: string, shell: Shell): Promise<NetworkReport[]> {
  let input: unknown;
  try {
    input = JSON.parse(stateText);
  } catch (err) {
    throw new StateError([`not JSON: ${(err as Error).message}`]);
  }
  return reconcileState(input, shell);
}

export interface PassOptions {
  /**
   * Asked again after the devices were read (seconds on a busy host): a peer removed meanwhile
   * (left, revoked) is not programmed by a pass that started before.
   */
  stillMember?: (publicKey: string) => boolean;
  /** Asked before each step: true stops the pass there (more urgent work waits for it). */
  stop?: () => boolean;
  /**
   * Runs the writing part of a pass (from the last look at the member list to the last step) so
   * that no other writer interleaves; reading the devices needs no such guard.
   */
  exclusive?: <T>(write: () => Promise<T>) => Promise<T>;
  /**
   * Read the devices again after applying, to report what remains (default). Off, a pass whose
   * every command succeeded counts as converged, and the next pass that verifies checks it: on
   * a node joining a big network that is four process starts fewer on its first pass.
   */
  verify?: boolean;
}

/** As reconcile(), for a state already parsed (the control plane's). */
export async function reconcileState(input: unknown, shell: Shell, o: PassOptions = {}): Promise<NetworkReport[]> {
  const verdict = validateState(input);
  if (!verdict.ok) throw new StateError(verdict.errors);
  const file = verdict.state.privateKeyFile;
  const value = (
    await readFile(file, 'utf8').catch((err: Error) => {
      throw new StateError([`privateKeyFile: ${err.message}`]);
    })
  ).trim();
  const reports: NetworkReport[] = [];
  for (const net of verdict.networks) reports.push(await reconcileNetwork(net, { file, value }, shell, o));
  return reports;
}

async function reconcileNetwork(
  net: ResolvedNetwork,
  key: { file: string; value: string },
  shell: Shell,
  { stillMember, stop, exclusive = (write) => write(), verify = true }: PassOptions,
): Promise<NetworkReport> {
  const seen = await observe(net.ifs, shell.exec);
  // What the quick path did since `seen` was read only removes peers (planned away again,
  // harmlessly) or moves endpoints (put right by the pass its change queued).
  const applied = await exclusive(() => {
    if (stillMember) net = { ...net, peers: net.peers.filter((p) => stillMember(p.publicKey)) };
    return apply(plan(net, key, seen), shell, stop);
  });
  // Nothing changed (a repair pass finding all in place, most passes of a settled node): no need to read it all again.
  const unchanged = applied.done.length === 0 && !applied.error;
  const after = unchanged || !verify ? seen : await observe(net.ifs, shell.exec);
  const remaining = !verify && !applied.error && !applied.stopped ? [] : plan(net, key, after).map((s) => s.what);
  const peers = net.peers.map((p) => ({
    name: p.name,
    handshake: after.wireguard?.peers.some((o) => o.publicKey === p.publicKey && o.endpoint !== undefined) ?? false,
  }));
  return { network: net.name, ...applied, converged: remaining.length === 0, remaining, peers };
}
