import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bridge, type Host, Lab } from '@paddock/lab';
import type { NetworkReport } from '../src/agent/agent.ts';
import type { Shell } from '../src/agent/apply.ts';
import type { Member, Network, OverlayState } from '../src/model/types.ts';

export const AGENT = new URL('../src/agent/main.ts', import.meta.url).pathname;
export const UNDERLAY = '192.168.77';
export const PORT = 51820;

export interface LabMember {
  name: string;
  host: Host;
  keyFile: string;
  member: Member;
  /** Per-host device names: wireguard-go's control sockets (/var/run/wireguard) are shared by every namespace. */
  ifs: { wireguard: string; vxlan: string; bridge: string };
}

/** Hosts on one underlay bridge, each with a WireGuard key pair, ready for an overlay agent. */
export class OverlayLab {
  readonly lab: Lab;
  readonly dir: string;
  readonly members: LabMember[] = [];
  /** wireguard-go processes started in this lab, killed by pid on destroy. */
  readonly daemons = new Set<number>();
  readonly tag: string;
  /** The underlay every host starts on (the "internet" of NAT tests). */
  ul!: Bridge;

  private constructor(lab: Lab, tag: string) {
    this.lab = lab;
    this.tag = tag;
    this.dir = mkdtempSync(join(tmpdir(), 'paddock-overlay-'));
  }

  static async create(tag: string, names: string[]): Promise<OverlayLab> {
    const o = new OverlayLab(await Lab.create(tag), Math.random().toString(36).slice(2, 6));
    const ul = await o.lab.bridge('ul0');
    o.ul = ul;
    for (const [i, name] of names.entries()) {
      const host = await o.lab.host(name);
      await o.lab.link(host, ul, { ifname: 'eth0', addresses: [`${UNDERLAY}.${i + 1}/24`] });
      // The underlay has no IPv6 router: Linux solicits one forever (backing off to an hour), and
      // a capture of the underlay should show only what the overlay sends.
      await host.sysctl('net.ipv6.conf.eth0.router_solicitations', 0);
      const priv = (await host.execOk(['wg', 'genkey'])).stdout.trim();
      const pub = (await host.execOk(['wg', 'pubkey'], { input: `${priv}\n` })).stdout.trim();
      const keyFile = join(o.dir, `${name}.key`);
      writeFileSync(keyFile, `${priv}\n`, { mode: 0o600 });
      const member = {
        name,
        publicKey: pub,
        address: `10.99.0.${i + 1}/24`,
        tunnelAddress: `10.98.0.${i + 1}/24`,
        endpoint: `${UNDERLAY}.${i + 1}:${PORT}`,
      };
      const ifs = { wireguard: `wg${o.tag}${name}`, vxlan: `vx${o.tag}${name}`, bridge: `br${o.tag}${name}` };
      o.members.push({ name, host, keyFile, member, ifs });
    }
    return o;
  }

  get(name: string): LabMember {
    const m = this.members.find((x) => x.name === name);
    if (!m) throw new Error(`no member ${name}`);
    return m;
  }

  state(self: LabMember, members: Member[], extra: Partial<Network> = {}): OverlayState {
    const network: Network = {
      name: 'lab',
      subnet: '10.99.0.0/24',
      transit: '10.98.0.0/24',
      vni: 4242,
      underlayMtu: 1500,
      listenPort: PORT,
      members,
      interfaces: self.ifs,
      ...extra,
    };
    return { node: self.name, privateKeyFile: self.keyFile, networks: [network] };
  }

  writeState(self: LabMember, state: OverlayState): string {
    const file = join(this.dir, `${self.name}.state.json`);
    writeFileSync(file, JSON.stringify(state, null, 2));
    return file;
  }

  /** Runs `overlay agent --once` in the member's namespace, as an operator would. */
  async agent(
    self: LabMember,
    state: OverlayState,
  ): Promise<{ code: number; reports: NetworkReport[]; stderr: string }> {
    const file = this.writeState(self, state);
    const r = await self.host.exec([process.execPath, AGENT, '--state', file, '--once'], { timeoutMs: 30_000 });
    const reports = r.stdout.trim()
      ? (JSON.parse(r.stdout.trim().split('\n').at(-1)!).networks as NetworkReport[])
      : [];
    for (const rep of reports) for (const pid of rep.daemons) this.daemons.add(pid);
    return { code: r.code, reports, stderr: r.stderr };
  }

  /** The agent's shell aimed at a member's namespace, for driving plans step by step. */
  shell(self: LabMember): Shell {
    return {
      run: async (argv, input) => {
        await self.host.execOk(argv, input === undefined ? {} : { input });
      },
      exec: async (argv) => {
        const r = await self.host.exec(argv);
        return r.code === 0 ? r.stdout : undefined;
      },
      daemon: (argv) => {
        const p = self.host.spawn(argv);
        this.daemons.add(p.pid);
        return p.pid;
      },
    };
  }

  async destroy(): Promise<void> {
    for (const pid of this.daemons) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already gone with its device.
      }
    }
    await this.lab.destroy();
    // wireguard-go leaves its control socket behind when its device goes with the namespace first.
    for (const m of this.members) rmSync(`/var/run/wireguard/${m.ifs.wireguard}.sock`, { force: true });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
