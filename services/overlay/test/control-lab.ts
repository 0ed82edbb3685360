import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LabProcess } from '@paddock/lab';
import { AGENT, type LabMember, OverlayLab, UNDERLAY } from './overlay-lab.ts';

export const CLI = new URL('../../cli/bin/paddock.js', import.meta.url).pathname;
const GRPC_PORT = 7400;

/**
 * An overlay lab with the control plane: `paddock up` in the first host (on the underlay), every
 * other host enrolled with the keys service and running `overlay agent --server` under its
 * identity. Agents' wireguard-go pids are read from their pass logs and killed with the lab.
 */
export class ControlLab {
  readonly o: OverlayLab;
  readonly ctl: LabMember;
  readonly dataDir: string;
  readonly agents = new Map<string, LabProcess>();
  server: LabProcess | undefined;

  private constructor(o: OverlayLab) {
    this.o = o;
    this.ctl = o.members[0]!;
    this.dataDir = join(o.dir, 'server');
  }

  static async create(tag: string, names: string[]): Promise<ControlLab> {
    const c = new ControlLab(await OverlayLab.create(tag, ['ctl', ...names]));
    mkdirSync(c.dataDir);
    return c;
  }

  get address(): string {
    return `${UNDERLAY}.1:${GRPC_PORT}`;
  }

  get members(): LabMember[] {
    return this.o.members.slice(1);
  }

  async startServer(): Promise<void> {
    this.server = this.ctl.host.spawn([
      process.execPath,
      CLI,
      'up',
      '--data-dir',
      this.dataDir,
      '--grpc-listen',
      this.address,
      '--http-listen',
      `${UNDERLAY}.1:7480`,
    ]);
    await this.server.waitForOutput(/paddock listening/, 60_000).catch(async () => {
      throw new Error(`paddock up did not start:\n${this.server?.output()}`);
    });
  }

  /** `paddock …` as the admin, on the server's host. */
  async paddock(...args: string[]): Promise<string> {
    const r = await this.ctl.host.exec([process.execPath, CLI, ...args, '--data-dir', this.dataDir], {
      timeoutMs: 120_000,
    });
    if (r.code !== 0) throw new Error(`paddock ${args.join(' ')} exited ${r.code}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  /** Enrols a member with a one-time token, as a node does; returns its credential directory. */
  async enrol(m: LabMember): Promise<string> {
    const token = (await this.paddock('keys', 'token', m.name, '--address', m.member.endpoint.split(':')[0]!)).trim();
    const out = join(this.o.dir, `${m.name}-identity`);
    const r = await m.host.exec(
      [
        process.execPath,
        CLI,
        'keys',
        'enroll',
        '--token',
        token,
        '--name',
        m.name,
        '--server',
        this.address,
        '--ca',
        join(this.dataDir, 'pki', 'ca.crt'),
        '--ssh-host-key',
        '',
        '--out',
        out,
      ],
      { timeoutMs: 90_000 },
    );
    if (r.code !== 0) throw new Error(`enrol ${m.name}: ${r.stderr}`);
    return out;
  }

  agentArgs(m: LabMember, identity: string, privateKey = m.keyFile): string[] {
    return [
      '--server',
      this.address,
      '--network',
      'lab',
      '--endpoint',
      m.member.endpoint.split(':')[0]!,
      '--ca',
      join(identity, 'ca.crt'),
      '--cert',
      join(identity, 'identity.crt'),
      '--key',
      join(identity, 'identity.key'),
      '--private-key',
      privateKey,
      '--interfaces',
      `${m.ifs.wireguard},${m.ifs.vxlan},${m.ifs.bridge}`,
    ];
  }

  startAgent(m: LabMember, identity: string): LabProcess {
    const p = m.host.spawnNode(AGENT, this.agentArgs(m, identity));
    this.agents.set(m.name, p);
    return p;
  }

  async destroy(): Promise<void> {
    for (const p of this.agents.values()) {
      for (const m of p.output().matchAll(/"daemons":\[([\d,]+)\]/g))
        for (const pid of m[1]!.split(',')) this.o.daemons.add(Number(pid));
    }
    await this.o.destroy();
  }
}

/** Round-trip gaps in `ping -D` output: the longest time without a reply, in seconds. */
export function longestGap(pingOutput: string): number {
  const times = [...pingOutput.matchAll(/^\[(\d+\.\d+)\] \d+ bytes from/gm)].map((m) => Number(m[1]));
  let gap = 0;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, times[i]! - times[i - 1]!);
  return gap;
}
