import type { ResolvedNetwork } from '../model/resolved.ts';
import type { Shell } from './apply.ts';

/**
 * For unit tests of the agent's ordering: a node whose three devices exist as desired, holding
 * WireGuard peers, FDB and neighbour entries that the commands the planner emits change, each
 * taking `stepMs`. `log` keeps every command run, in order, for the test to read.
 */
export class FakeKernel {
  readonly peers = new Map<string, string>();
  readonly fdb = new Set<string>();
  readonly neighbours = new Map<string, string>();
  readonly log: string[] = [];
  /** Each command run, as the lines of `log` it ran (a batch runs several). */
  readonly commands: string[][] = [];
  /** Called before each command runs (a test changes the topology mid-pass here). */
  beforeRun: (argv: string[]) => void = () => {};

  readonly net: ResolvedNetwork;
  readonly privateKey: string;
  readonly stepMs: number;

  constructor(net: ResolvedNetwork, privateKey: string, stepMs = 20) {
    this.net = net;
    this.privateKey = privateKey;
    this.stepMs = stepMs;
  }

  shell(): Shell {
    const run = async (argv: string[], input?: string) => {
      const lines = unbatch(argv, input);
      for (const l of lines) this.beforeRun(l);
      await new Promise((r) => setTimeout(r, this.stepMs));
      this.commands.push(lines.map((l) => l.join(' ')));
      for (const l of lines) {
        this.log.push(l.join(' '));
        this.#run(l);
      }
    };
    return {
      run,
      // The quick path changes WireGuard through exec (a failure is left to the next full pass).
      exec: async (argv) => (argv[0] === 'wg' && argv[1] === 'set' ? run(argv).then(() => '') : this.#read(argv)),
      daemon: () => {
        throw new Error('the fake kernel starts no daemon');
      },
    };
  }

  #run(a: string[]): void {
    const at = (word: string) => a[a.indexOf(word) + 1]!;
    const line = a.join(' ');
    if (a[0] === 'wg' && a.includes('remove')) this.peers.delete(at('peer'));
    else if (a[0] === 'wg' && a.includes('endpoint')) this.peers.set(at('peer'), at('endpoint'));
    else if (a[0] === 'wg' && a.includes('persistent-keepalive')) return;
    else if (/^bridge fdb (append|replace)/.test(line)) this.fdb.add(`${a[3]} ${at('dst')}`);
    else if (line.startsWith('bridge fdb del')) this.fdb.delete(`${a[3]} ${at('dst')}`);
    else if (line.startsWith('ip neigh replace')) this.neighbours.set(a[3]!, at('lladdr'));
    else if (line.startsWith('ip neigh del')) this.neighbours.delete(a[3]!);
    else throw new Error(`fake kernel: ${line}`);
  }

  #read(a: string[]): string | undefined {
    const { ifs, mtu, self, vni, listenPort } = this.net;
    const line = a.join(' ');
    const inet = (cidr: string) => [
      { family: 'inet', local: cidr.split('/')[0], prefixlen: Number(cidr.split('/')[1]) },
    ];
    if (line === 'ip -j -d addr show')
      return JSON.stringify([
        { ifname: ifs.wireguard, mtu: mtu.wireguard, flags: ['UP'], addr_info: inet(self.tunnelAddress) },
        {
          ifname: ifs.vxlan,
          mtu: mtu.vxlan,
          flags: ['UP'],
          master: ifs.bridge,
          linkinfo: {
            info_kind: 'vxlan',
            info_data: { id: vni, local: self.tunnelIp, port: 4789, link: ifs.wireguard },
          },
          addr_info: [],
        },
        { ifname: ifs.bridge, mtu: mtu.bridge, flags: ['UP'], address: self.mac, addr_info: inet(self.address) },
      ]);
    if (line === `wg show ${ifs.wireguard} dump`) {
      const peers = [...this.peers].map(([key, endpoint]) => {
        const p = this.net.peers.find((x) => x.publicKey === key);
        return [key, '(none)', endpoint, p ? `${p.tunnelIp}/32` : '(none)', '0', '0', '0', '25'].join('\t');
      });
      return [[this.privateKey, 'pub', String(listenPort), 'off'].join('\t'), ...peers].join('\n');
    }
    if (line.startsWith('bridge -j fdb show'))
      return JSON.stringify(
        [...this.fdb].map((e) => ({ mac: e.split(' ')[0], dst: e.split(' ')[1], state: 'permanent' })),
      );
    if (line.startsWith('ip -j -4 neigh show'))
      return JSON.stringify([...this.neighbours].map(([dst, lladdr]) => ({ dst, lladdr })));
    return undefined;
  }
}

/** A batched command as the commands it stands for: `wg set IF peer … peer …`, `ip|bridge -batch -`. */
function unbatch(argv: string[], input: string | undefined): string[][] {
  if (argv[1] === '-batch')
    return (input ?? '')
      .split('\n')
      .filter(Boolean)
      .map((l) => [argv[0]!, ...l.split(' ')]);
  if (argv[0] !== 'wg' || argv[1] !== 'set' || argv[3] !== 'peer') return [argv];
  const out: string[][] = [];
  for (const [i, a] of argv.entries()) {
    if (i >= 3 && a === 'peer') out.push(argv.slice(0, 3));
    if (i >= 3) out.at(-1)!.push(a);
  }
  return out;
}
