import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { failedPrecondition, type Logger, PaddockError } from '@paddock/runtime';
import type { Node, PowerAction, PowerState } from '../../model/node.ts';
import type { CreateSpec, Provider, Provisioned } from '../provider.ts';
import { runCommand } from '../run-command.ts';
import { bridgeProblem, findExecutable } from './host-checks.ts';
import { qemuArgs, tapName, vmPaths } from './qemu-args.ts';
import { parseQemuOptions, type QemuOptions, qemuOptionsToRecord } from './qemu-options.ts';
import { qmpCommand } from './qmp-client.ts';
import { runningPid, signalVm, waitGone } from './vm-process.ts';

export interface QemuConfig {
  /** Each machine gets `<stateDir>/<node id>/`. */
  stateDir: string;
  binary: string;
  /** Defaults for nodes that do not name their own. */
  netns: string;
  bridge: string;
  accel: 'tcg' | 'kvm';
  ovmfCode: string;
  ovmfVars: string;
  log: Logger;
}

/**
 * Diskless QEMU machines on this host, each on a TAP device enslaved to a bridge inside a
 * network namespace (never the host's own network): created as a directory and a MAC,
 * powered on as a daemonized QEMU, off through QMP `quit`, rebooted through `system_reset`.
 */
export class QemuProvider implements Provider {
  readonly name = 'qemu';
  readonly settleMs = 5_000;
  readonly #c: QemuConfig;

  constructor(config: QemuConfig) {
    this.#c = config;
  }

  async available() {
    const binary = findExecutable(this.#c.binary);
    if (!binary) return { ok: false, detail: `${this.#c.binary} is not installed (apt-get install qemu-system-x86)` };
    if (!this.#c.netns) return { ok: true, detail: `${binary}; no default bridge (nodes must name netns and bridge)` };
    const problem = await bridgeProblem(this.#c.netns, this.#c.bridge);
    return problem
      ? { ok: false, detail: problem }
      : { ok: true, detail: `${binary}, bridge ${this.#c.bridge} in ${this.#c.netns}` };
  }

  async create(spec: CreateSpec): Promise<Provisioned> {
    const options = this.#options(spec.options);
    await this.#preflight(options);
    if (spec.macs.length > 1) throw failedPrecondition('a qemu machine has one NIC: give at most one MAC');
    const mac = spec.macs[0] ?? newQemuMac(spec.taken);
    mkdirSync(join(this.#c.stateDir, spec.id), { recursive: true, mode: 0o700 });
    return {
      macs: [mac],
      options: qemuOptionsToRecord(options),
      architecture: 'x86_64',
      firmware: options.firmware,
    };
  }

  async destroy(node: Node): Promise<void> {
    await this.#stop(node);
    rmSync(this.#dir(node), { recursive: true, force: true });
  }

  async power(node: Node, action: PowerAction): Promise<void> {
    const p = vmPaths(this.#dir(node));
    const running = runningPid(p.pid, p.dir) !== undefined;
    if (action === 'off') return this.#stop(node);
    if (action === 'reboot' && running) {
      await qmpCommand(p.qmp, 'system_reset');
      return;
    }
    if (!running) await this.#start(node);
  }

  async observe(node: Node): Promise<PowerState> {
    const p = vmPaths(this.#dir(node));
    return runningPid(p.pid, p.dir) === undefined ? 'off' : 'on';
  }

  async #start(node: Node): Promise<void> {
    const options = this.#options(node.provider.options);
    await this.#preflight(options);
    const mac = node.nics[0]?.mac;
    if (!mac) throw failedPrecondition(`node ${node.name} has no NIC to boot from`);
    const p = vmPaths(this.#dir(node));
    mkdirSync(p.dir, { recursive: true, mode: 0o700 });
    if (options.firmware === 'uefi' && !existsSync(p.vars)) copyFileSync(this.#c.ovmfVars, p.vars);
    // Sparse: a blank disk costs no space until the machine writes to it.
    if (options.diskMb > 0 && !existsSync(p.disk)) {
      writeFileSync(p.disk, '', { mode: 0o600 });
      truncateSync(p.disk, options.diskMb * 1024 * 1024);
    }
    rmSync(p.pid, { force: true });
    const tap = tapName(node.id);
    const ip = (...args: string[]) => runCommand(['ip', '-n', options.netns, ...args]);
    // A TAP left by a machine that died is reused rather than failing the start.
    await ip('link', 'del', 'dev', tap).catch(() => {});
    await ip('tuntap', 'add', 'dev', tap, 'mode', 'tap');
    try {
      // Enslaved and up before QEMU starts, so the firmware's first DHCP request reaches the bridge.
      await ip('link', 'set', 'dev', tap, 'master', options.bridge, 'up');
      const args = qemuArgs({ name: node.name, dir: p.dir, mac, tap, options, ovmfCode: this.#c.ovmfCode });
      await runCommand(['ip', 'netns', 'exec', options.netns, this.#c.binary, ...args]);
    } catch (err) {
      await ip('link', 'del', 'dev', tap).catch(() => {});
      throw new PaddockError('unavailable', `cannot start QEMU for ${node.name}: ${(err as Error).message}`);
    }
    this.#c.log.info({ node: node.name, mac, tap, netns: options.netns }, 'QEMU machine started');
  }

  /**
   * Kills the machine's QEMU at once (SIGKILL), synchronously: a compute host whose claim may
   * have ended must stop before another host can start it. Its TAP is left: removing it later
   * could remove the next holder's (same name, same bridge); the next start replaces it.
   */
  halt(node: Node): void {
    const p = vmPaths(this.#dir(node));
    signalVm(p.pid, p.dir, 'SIGKILL');
  }

  /** QMP quit (a pulled plug: the machines are diskless), then SIGKILL if it lingers; TAP removed. */
  async #stop(node: Node): Promise<void> {
    const p = vmPaths(this.#dir(node));
    if (runningPid(p.pid, p.dir) !== undefined) {
      await qmpCommand(p.qmp, 'quit', 2000).catch((err: Error) =>
        this.#c.log.warn({ node: node.name, err: err.message }, 'QMP quit failed; killing QEMU'),
      );
      if (!(await waitGone(p.pid, p.dir, 3000))) {
        signalVm(p.pid, p.dir, 'SIGKILL');
        await waitGone(p.pid, p.dir, 2000);
      }
    }
    const netns = node.provider.options['netns'] || this.#c.netns;
    if (netns) await runCommand(['ip', '-n', netns, 'link', 'del', 'dev', tapName(node.id)]).catch(() => {});
  }

  #options(options: Record<string, string>): QemuOptions {
    return parseQemuOptions(options, { netns: this.#c.netns, bridge: this.#c.bridge, accel: this.#c.accel });
  }

  /** QEMU missing, namespace or bridge gone, OVMF missing: FAILED_PRECONDITION saying which. */
  async #preflight(o: QemuOptions): Promise<void> {
    if (!findExecutable(this.#c.binary))
      throw failedPrecondition(`${this.#c.binary} is not installed on this server (apt-get install qemu-system-x86)`);
    const problem = await bridgeProblem(o.netns, o.bridge);
    if (problem) throw failedPrecondition(problem);
    if (o.firmware === 'uefi' && !(existsSync(this.#c.ovmfCode) && existsSync(this.#c.ovmfVars)))
      throw failedPrecondition(`UEFI needs OVMF (${this.#c.ovmfCode}): apt-get install ovmf`);
  }

  #dir(node: Node): string {
    return join(this.#c.stateDir, node.id);
  }
}

/** 52:54:00 is QEMU's own prefix; the rest is random, and never a MAC already in the inventory. */
export function newQemuMac(taken: (mac: string) => boolean): string {
  for (;;) {
    const mac = `52:54:00:${[...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
    if (!taken(mac)) return mac;
  }
}
