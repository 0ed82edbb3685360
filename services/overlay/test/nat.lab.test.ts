import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labSkipReason } from '@paddock/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlLab } from './control-lab.ts';
import { behindNat, dropUdpWith } from './nat-lab.ts';
import { PORT, UNDERLAY } from './overlay-lab.ts';

interface MemberJson {
  name: string;
  address: string;
  publicEndpoint?: string;
}
interface PathJson {
  a: string;
  b: string;
  via?: string;
  reachable?: boolean;
}

const until = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> => {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const v = await probe().catch((err) => {
      last = err;
      return undefined;
    });
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${last})` : ''}`);
    await new Promise((r) => setTimeout(r, 300));
  }
};

const NAMES = ['a', 'b', 'n1', 'n2', 'n3', 's'];
const PAIRS = NAMES.flatMap((x, i) => NAMES.slice(i + 1).map((y) => [x, y] as const));
/** 16 bytes ping repeats through its payload; the underlay must never show them. */
const MARKER = 'paddock-marker!!';

describe.skipIf(labSkipReason())('overlay across NAT: punching, one NAT for two, symmetric NAT, broken path', () => {
  let c: ControlLab;
  const pub = new Map<string, string>();
  let members: MemberJson[] = [];
  const host = (name: string) => c.o.get(name).host;
  const ip = (name: string) => members.find((x) => x.name === name)!.address.split('/')[0]!;
  const bridge = (name: string) => c.o.get(name).ifs.bridge;
  /** What a failure needs to be understood: every member's WireGuard, the relays' flows and agents' last lines. */
  const dataPlanes = async () => {
    const parts = await Promise.all(
      NAMES.map(async (n) => {
        const wg = await host(n).exec(['wg', 'show', c.o.get(n).ifs.wireguard, 'dump']);
        const flows = ['a', 'b'].includes(n) ? (await host(n).exec(['conntrack', '-L', '-p', 'udp'])).stdout : '';
        // Underlay flows only (the overlay's own VXLAN flows are many and say nothing here).
        const ct = flows
          .split('\n')
          .filter((l) => l.includes(`src=${UNDERLAY}.`))
          .join('\n');
        const log = c.agents.get(n)?.output().slice(-1500) ?? '';
        return `${n} at ${Math.floor(Date.now() / 1000)}:\n${wg.stdout}${ct}\n${log}`;
      }),
    );
    return `${await c.paddock('overlay', 'members')}\n${parts.join('\n')}`;
  };

  beforeAll(async () => {
    c = await ControlLab.create('ovnat', NAMES);
    await c.startServer();
    await c.paddock(
      'overlay',
      'networks',
      'create',
      'lab',
      '--subnet',
      '10.99.0.0/24',
      '--transit',
      '10.98.0.0/24',
      '--vni',
      '4444',
    );
    const ids = new Map<string, string>();
    await Promise.all(c.members.map(async (x) => ids.set(x.name, await c.enrol(x))));
    // n1 behind a NAT that keeps source ports (hole punching works), n2 and n3 both behind
    // another such NAT (one public address; only one of them can keep port 51820 towards a
    // given peer), s behind a symmetric one.
    pub.set('n1', await behindNat(c.o, [c.o.get('n1')], 1, 'port-preserving'));
    const shared = await behindNat(c.o, [c.o.get('n2'), c.o.get('n3')], 2, 'port-preserving');
    pub.set('n2', shared);
    pub.set('n3', shared);
    pub.set('s', await behindNat(c.o, [c.o.get('s')], 3, 'symmetric'));
    // b and n1 cannot exchange UDP at all: their pair needs a relay.
    await host('b').execOk(['nft', '-f', '-'], { input: dropUdpWith(pub.get('n1')!) });
    for (const x of c.members) c.startAgent(x, ids.get(x.name)!);
  }, 300_000);
  afterAll(async () => {
    await c?.destroy();
  });

  it('learns the public endpoints, goes direct through port-preserving NATs and inside one, relays the rest', async () => {
    let seen = '';
    members = await until(
      'public endpoints learned',
      async () => {
        seen = await c.paddock('overlay', 'members');
        const list = JSON.parse(await c.paddock('overlay', 'members', '--json')) as MemberJson[];
        const at = (n: string) => list.find((m) => m.name === n)?.publicEndpoint ?? '';
        const learned =
          list.length === 6 &&
          at('n1') === `${pub.get('n1')}:${PORT}` &&
          at('n2').startsWith(`${pub.get('n2')}:`) &&
          at('n3').startsWith(`${pub.get('n3')}:`) &&
          at('s').startsWith(`${pub.get('s')}:`);
        return learned ? list : undefined;
      },
      150_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${seen}`);
    });
    const expected: Record<string, string[]> = {
      // Whichever of n2 and n3 keeps port 51820 towards n1's NAT punches through; the other may be relayed.
      'n1|n2': ['', 'a'],
      'n1|n3': ['', 'a'],
      // Behind one NAT: straight across their own network.
      'n2|n3': [''],
      'b|n1': ['a'],
      'n1|s': ['a'],
      // A member behind NAT is never a relay: its NAT lets nothing in on relay ports.
      'n2|s': ['a', 'b'],
      'n3|s': ['a', 'b'],
    };
    let last = '';
    const paths = await until(
      'paths as the NATs allow',
      async () => {
        last = await c.paddock('overlay', 'graph', '--json');
        const g = JSON.parse(last) as { paths: PathJson[] };
        const ok = PAIRS.every(([x, y]) => {
          const p = g.paths.find((q) => q.a === x && q.b === y);
          return p?.reachable && (expected[`${x}|${y}`] ?? ['']).includes(p.via ?? '');
        });
        return ok ? g.paths : undefined;
      },
      60_000,
    ).catch((err: Error) => {
      throw new Error(
        `${err.message}\n${last}\n${[...c.agents].map(([n, p]) => `${n}:\n${p.output().slice(-3000)}`).join('\n')}`,
      );
    });
    process.stdout.write(`paths: ${paths.map((p) => `${p.a}-${p.b}${p.via ? ` via ${p.via}` : ''}`).join(', ')}\n`);
    // n1 reaches n2 or n3 at their NAT's address (the simultaneous handshakes got through), at
    // whichever port the NAT gave the one that punched through, and n2 reaches n3 at its inside
    // address.
    const session = (from: string, endpoint: string) =>
      until(
        `${from} has a session at ${endpoint}`,
        async () => {
          const dump = (await host(from).execOk(['wg', 'show', c.o.get(from).ifs.wireguard, 'dump'])).stdout;
          const line = dump.split('\n').find((l) => l.split('\t')[2]?.startsWith(endpoint));
          return line && Number(line.split('\t')[4]) > 0 ? true : undefined;
        },
        30_000,
      );
    await session('n1', `${pub.get('n2')}:`);
    await session('n2', c.o.get('n3').member.endpoint);
  }, 300_000);

  it('carries ARP and IPv6 neighbour discovery between every pair, and no plaintext on the underlay', async () => {
    const sw = await c.o.lab.switchHost();
    const pcap = join(c.o.dir, 'underlay.pcap');
    const capture = sw.spawn(['tcpdump', '-i', c.o.ul.name, '-n', '-U', '-s', '0', '-w', pcap, 'udp']);
    await capture.waitForOutput(/listening on/, 10_000);
    const linkLocal = new Map<string, string>();
    for (const n of NAMES) {
      const out = await host(n).execOk(['ip', '-j', '-6', 'addr', 'show', 'dev', bridge(n), 'scope', 'link']);
      linkLocal.set(n, (JSON.parse(out.stdout) as { addr_info: { local: string }[] }[])[0]!.addr_info[0]!.local);
    }
    const hex = Buffer.from(MARKER).toString('hex');
    const started = Date.now();
    await Promise.all(
      PAIRS.map(async ([x, y]) => {
        await until(
          `${x} arps ${y}`,
          async () =>
            (await host(x).exec(['arping', '-c', '1', '-w', '2', '-I', bridge(x), ip(y)])).code === 0
              ? true
              : undefined,
          30_000,
        );
        // A link-local target: only neighbour discovery (multicast, replicated to every peer) finds it.
        await until(
          `${y} finds ${x} by IPv6 ND`,
          async () => {
            const r = await host(y).exec([
              'ping',
              '-6',
              '-c',
              '1',
              '-W',
              '2',
              '-p',
              hex,
              `${linkLocal.get(x)}%${bridge(y)}`,
            ]);
            return r.code === 0 ? true : undefined;
          },
          30_000,
        );
        const ping = await host(x).exec(['ping', '-c', '2', '-i', '0.2', '-W', '2', '-p', hex, ip(y)]);
        expect(ping.code, `${x} -> ${y}: ${ping.stdout}`).toBe(0);
      }),
    ).catch(async (err: Error) => {
      throw new Error(`${err.message} (${Date.now() - started} ms)\n${await dataPlanes()}`);
    });
    await capture.kill('SIGINT');
    const bytes = readFileSync(pcap);
    expect(bytes.length).toBeGreaterThan(10_000);
    expect(bytes.includes(Buffer.from(MARKER))).toBe(false);
    // The pair behind the two NATs talked straight between them, not through a relay.
    const between = await sw.exec([
      'tcpdump',
      '-r',
      pcap,
      '-n',
      `udp and host ${pub.get('n1')} and host ${pub.get('n2')} and port ${PORT}`,
    ]);
    expect(between.stdout.split('\n').filter(Boolean).length).toBeGreaterThan(0);
    // n1 and s, both behind NAT, are joined in a's kernel: one flow from one's NAT, translated to the other's.
    const flows = (await host('a').execOk(['conntrack', '-L', '-p', 'udp'])).stdout.split('\n');
    const joined = (x: string, y: string) => (l: string) =>
      l.startsWith('udp') && l.includes(`src=${pub.get(x)} `) && l.includes(`src=${pub.get(y)} `);
    expect(
      flows.some((l) => joined('n1', 's')(l) || joined('s', 'n1')(l)),
      flows.join('\n'),
    ).toBe(true);
  }, 120_000);
});
