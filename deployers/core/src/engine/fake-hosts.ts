import type { Transport } from './transport.ts';
import type { Remote, Stage, Step, StepSet, Target } from './types.ts';

/**
 * In-memory hosts for unit tests of the engine's policy: each host is a set of "facts"; a step
 * ensures one fact. Not SSH: the SSH path is tested against Debian's sshd in test/.
 */
export class FakeHosts implements Transport {
  readonly facts = new Map<string, Set<string>>();
  readonly applied: string[] = [];
  /** `${host}/${fact}` whose apply throws. */
  readonly failing = new Set<string>();
  /** Hosts whose connection is refused. */
  readonly down = new Set<string>();
  maxInFlight = 0;
  #inFlight = 0;

  remote(target: Target): Remote {
    return {
      run: async () => {
        if (this.down.has(target.name)) throw new Error('unreachable: connection refused');
        return { code: 0, stdout: '', stderr: '' };
      },
    };
  }

  async close(): Promise<void> {}

  has(host: string, fact: string): boolean {
    return this.facts.get(host)?.has(fact) ?? false;
  }

  step(fact: string): Step {
    return {
      id: fact,
      title: `ensure ${fact}`,
      check: async ({ target, remote }) => {
        await remote.run('true');
        return this.has(target.name, fact) ? { kind: 'ok' } : { kind: 'change', reason: `${fact} missing` };
      },
      apply: async ({ target }) => {
        this.#inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.#inFlight);
        await new Promise((r) => setTimeout(r, 5));
        this.#inFlight--;
        if (this.failing.has(`${target.name}/${fact}`)) throw new Error(`${fact} failed`);
        this.applied.push(`${target.name}/${fact}`);
        if (!this.facts.has(target.name)) this.facts.set(target.name, new Set());
        this.facts.get(target.name)!.add(fact);
      },
    };
  }

  stage(name: string, hosts: string[], facts: string[], limit?: number): Stage {
    return {
      name,
      hosts: hosts.map((h) => ({ name: h, address: `10.0.0.${hosts.indexOf(h) + 1}` })),
      steps: () => facts.map((f) => this.step(`${name}-${f}`)),
      ...(limit ? { limit } : {}),
    };
  }

  set(stages: Stage[]): StepSet {
    return { name: 'fake', stages };
  }
}
