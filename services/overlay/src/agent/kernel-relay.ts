import type { Shell } from './apply.ts';
import type { Forward } from './desired.ts';
import { relayRuleset, relayTable, removeRuleset } from './relay-rules.ts';

/** What relays a node's relayed pairs; `set` takes the whole list each time (idempotent). */
export interface Relay {
  /**
   * `sweep`: also clear what an earlier agent may have left when there is nothing to relay (repair
   * passes ask; a node's first change does not wait for it, see KernelRelay.set).
   */
  set(forwards: Forward[], sweep?: boolean): Promise<void>;
  close(): void;
}

const keyOf = (f: Forward) => JSON.stringify([f.portA, f.portB, f.a, f.b, f.nat ?? '']);

/**
 * The relay in the kernel: the pairs this node relays for as one nftables table (`relayRuleset`),
 * so relayed ciphertext never climbs to user space, pairs with one or both sides behind NAT
 * included (their NAT's ports learned from their own packets). Like the rest of the data plane it outlives
 * the agent (a restart does not cut relayed pairs off) and is replaced whole on every change; a
 * pair that left (or moved ports or endpoints) also loses its conntrack entries, which would
 * otherwise keep translating an established flow to where it no longer belongs.
 */
export class KernelRelay implements Relay {
  readonly #table: string;
  readonly #shell: Shell;
  /** What the kernel holds, as far as this process knows (undefined: not applied since start). */
  #applied: Map<string, Forward> | undefined;

  constructor(network: string, shell: Shell) {
    this.#table = relayTable(network);
    this.#shell = shell;
  }

  /**
   * Writes the table, or removes it when nothing is to be relayed. A table this process never
   * wrote (an earlier agent's) is removed only when `sweep` asks (the repair pass, within 15 s of a
   * start): a node joining relays nothing, and one `nft` per node at the first change is what 50
   * nodes' agents sharing a host wait for. Until then such a table answers only on relay ports
   * no pair is sent to (a pair given to this relay again rewrites it at once).
   */
  async set(forwards: Forward[], sweep = false): Promise<void> {
    const wanted = new Map(forwards.map((f) => [keyOf(f), f]));
    const before = this.#applied;
    if (before && before.size === wanted.size && [...wanted.keys()].every((k) => before.has(k))) return;
    if (!before && wanted.size === 0 && !sweep) return;
    if (wanted.size > 0) await this.#forwarding(forwards);
    await this.#shell.run(
      ['nft', '-f', '-'],
      wanted.size > 0 ? relayRuleset(this.#table, forwards) : removeRuleset(this.#table),
    );
    this.#applied = wanted;
    for (const [k, f] of before ?? []) if (!wanted.has(k)) await this.#forget(f);
    for (const [k, f] of wanted) if (!before?.has(k)) await this.#unstick(f);
  }

  /** Leaves the kernel's rules in place, as the agent leaves WireGuard running. */
  close(): void {}

  /** Relayed datagrams are routed through this node: IPv4 (and IPv6 when used) forwarding on. */
  async #forwarding(forwards: Forward[]): Promise<void> {
    await this.#shell.run(['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
    if (forwards.some((f) => f.a.startsWith('[')))
      await this.#shell.run(['sysctl', '-q', '-w', 'net.ipv6.conf.all.forwarding=1']);
  }

  /**
   * Drops what reached a new pair's ports before its rules did: a side's agent sends as soon as it
   * hears of the pair, often before this node has written the table, and such a datagram leaves a
   * flow kept without translation (delivered here, to no socket). WireGuard's retries every 5 s
   * keep it alive, and conntrack never sends the flow through the new rules: the NAT side's
   * packets are lost, or the public side's entry holds the tuple the pair's flow needs. Only
   * untranslated flows are dropped (their answer comes from the port they were sent to): a
   * translated one, the pair's own after an agent restart, is kept.
   */
  async #unstick(f: Forward): Promise<void> {
    for (const port of [f.portA, f.portB]) {
      const p = String(port);
      await this.#shell.exec(['conntrack', '-D', '-p', 'udp', '--orig-port-dst', p, '--reply-port-src', p]);
    }
  }

  /** Drops the flows a pair had on its two ports (none is fine: `conntrack -D` then exits 1). */
  async #forget(f: Forward): Promise<void> {
    for (const port of [f.portA, f.portB])
      await this.#shell.exec(['conntrack', '-D', '-p', 'udp', '--orig-port-dst', String(port)]);
  }
}
