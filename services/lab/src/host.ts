import { LabProcess, type SpawnOptions } from './lab-process.ts';
import { type RunOptions, type RunResult, run, runOk } from './run.ts';

const SYSCTL_KEY = /^[A-Za-z0-9_./-]+$/;

/**
 * A host is one network namespace. Commands run through `ip netns exec`
 * (ip-netns(8)), which also gives them the namespace's own /sys and
 * /etc/netns/NAME files, with argv passed as is: never through a shell.
 */
export class Host {
  readonly name: string;
  /** The namespace name, for `ip netns exec NETNS ...` or `ip -n NETNS ...`. */
  readonly netns: string;
  #processes: Set<LabProcess>;

  constructor(name: string, netns: string, processes: Set<LabProcess>) {
    this.name = name;
    this.netns = netns;
    this.#processes = processes;
  }

  /** argv prefixed so it runs inside this host. */
  wrap(argv: readonly string[]): string[] {
    return ['ip', 'netns', 'exec', this.netns, ...argv];
  }

  /** Runs to completion; a non-zero exit is a result, not an error. */
  exec(argv: readonly string[], opts?: RunOptions): Promise<RunResult> {
    return run(this.wrap(argv), opts);
  }

  /** Runs to completion; a non-zero exit throws a CommandError carrying stderr. */
  execOk(argv: readonly string[], opts?: RunOptions): Promise<RunResult> {
    return runOk(this.wrap(argv), opts);
  }

  /** Starts a long-lived process that the lab kills on destroy. */
  spawn(argv: readonly string[], opts?: SpawnOptions): LabProcess {
    if (argv.length === 0) throw new RangeError('empty command');
    const p = new LabProcess(this.wrap(argv), opts);
    this.#processes.add(p);
    void p.exited.then(() => this.#processes.delete(p));
    return p;
  }

  /** Runs a script with this very Node (so .ts files work by type stripping). */
  spawnNode(script: string, args: readonly string[] = [], opts?: SpawnOptions): LabProcess {
    return this.spawn([process.execPath, script, ...args], opts);
  }

  /** Sets a sysctl inside this namespace only (net.* keys are per namespace). */
  async sysctl(key: string, value: string | number): Promise<void> {
    if (!SYSCTL_KEY.test(key)) throw new RangeError(`not a sysctl key: ${JSON.stringify(key)}`);
    await this.execOk(['sysctl', '-qw', `${key}=${value}`]);
  }

  /** `ip -j addr` inside this host, parsed. */
  async addresses(ifname: string): Promise<string[]> {
    const out = await runOk(['ip', '-n', this.netns, '-j', 'addr', 'show', 'dev', ifname]);
    const links = JSON.parse(out.stdout) as { addr_info?: { local: string; prefixlen: number }[] }[];
    return links.flatMap((l) => (l.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}`));
  }
}
