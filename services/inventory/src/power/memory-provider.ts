import { failedPrecondition, invalidArgument } from '@paddock/runtime';
import type { Node, PowerAction, PowerState } from '../model/node.ts';
import type { CreateSpec, Provider, Provisioned } from './provider.ts';

/**
 * A provider whose machines are entries in a map: for unit tests of everything above the
 * provider interface, as the in-memory store is for the stores. `failWith` makes every call
 * fail as a broken provider would; `machines` is what a test inspects or changes (a machine
 * that "crashed" is set to off).
 */
export class MemoryProvider implements Provider {
  readonly name: string;
  readonly settleMs: number;
  readonly machines = new Map<string, PowerState>();
  readonly calls: string[] = [];
  failWith: string | undefined;
  #next = 1;

  constructor(name = 'memory', settleMs = 0) {
    this.name = name;
    this.settleMs = settleMs;
  }

  async available() {
    return this.failWith ? { ok: false, detail: this.failWith } : { ok: true, detail: 'in memory' };
  }

  async create(spec: CreateSpec): Promise<Provisioned> {
    this.calls.push(`create ${spec.id}`);
    this.#fail();
    if (spec.options['bad']) throw invalidArgument(`option bad: ${spec.options['bad']}`);
    let macs = spec.macs;
    if (macs.length === 0) {
      do macs = [`02:00:00:00:00:${(this.#next++).toString(16).padStart(2, '0')}`];
      while (spec.taken(macs[0]!));
    }
    this.machines.set(spec.id, 'off');
    return { macs, options: { size: 'small', ...spec.options }, architecture: 'x86_64', firmware: 'bios' };
  }

  async destroy(node: Node): Promise<void> {
    this.calls.push(`destroy ${node.name}`);
    this.machines.delete(node.id);
  }

  async power(node: Node, action: PowerAction): Promise<void> {
    this.calls.push(`${action} ${node.name}`);
    this.#fail();
    if (!this.machines.has(node.id)) throw failedPrecondition(`no machine for ${node.name}`);
    this.machines.set(node.id, action === 'off' ? 'off' : 'on');
  }

  async observe(node: Node): Promise<PowerState | undefined> {
    return this.machines.get(node.id);
  }

  /** As a compute host's provider kills a machine whose claim may have ended. */
  halt(node: Node): void {
    this.calls.push(`halt ${node.name}`);
    if (this.machines.has(node.id)) this.machines.set(node.id, 'off');
  }

  #fail(): void {
    if (this.failWith) throw failedPrecondition(this.failWith);
  }
}
