import { join } from 'node:path';
import { invalidArgument } from '@paddock/runtime';
import type { Node, PowerAction, PowerState } from '../../model/node.ts';
import type { CreateSpec, Provider, Provisioned } from '../provider.ts';
import { type BmcDriver, bmcDriver, type DriverTiming } from './bmc-driver.ts';
import { bmcAddress, parseBmcOptions } from './bmc-options.ts';
import { BmcQueue } from './bmc-queue.ts';
import { CredentialBox } from './credential-box.ts';
import { DEFAULT_TIMING } from './ipmi/udp-shell.ts';
import { DEFAULT_REDFISH_TIMING } from './redfish/redfish-client.ts';

export interface BmcProviderDeps {
  dataDir: string;
  timing?: DriverTiming;
  /** How long a call may wait behind another call to the same BMC. */
  queueWaitMs?: number;
  /** How often the reconciler asks each BMC for its power state (default 30 s). */
  pollMs?: number;
}

/**
 * Machines powered through their BMC, over IPMI 2.0 (RMCP+) or Redfish. The password is sealed
 * at create (see CredentialBox) and only opened for a call; the API never returns it
 * (`sealed_` options are withheld). Calls to one BMC queue; different BMCs run in parallel.
 */
export class BmcProvider implements Provider {
  readonly name = 'bmc';
  /** A machine powered on takes minutes to POST and boot: don't act on it again meanwhile. */
  readonly settleMs = 120_000;
  readonly pollMs: number;
  readonly #box: CredentialBox;
  readonly #queue = new BmcQueue();
  readonly #timing: DriverTiming;
  readonly #waitMs: number;

  constructor(deps: BmcProviderDeps) {
    this.#box = new CredentialBox(join(deps.dataDir, 'bmc', 'credential.key'));
    this.#timing = deps.timing ?? { ipmi: DEFAULT_TIMING, redfish: DEFAULT_REDFISH_TIMING };
    this.#waitMs = deps.queueWaitMs ?? 60_000;
    this.pollMs = deps.pollMs ?? 30_000;
  }

  async available() {
    return { ok: true, detail: 'IPMI 2.0 over LAN (RMCP+, cipher suites 3 and 17) and Redfish' };
  }

  async create(spec: CreateSpec): Promise<Provisioned> {
    if ('sealed_password' in spec.options)
      throw invalidArgument('bmc option sealed_password is set by the server; give password');
    const password = spec.options['password'] ?? '';
    if (!password) throw invalidArgument("bmc option password: the BMC user's password is required");
    const o = parseBmcOptions(spec.options);
    // IPMI 2.0 §13.31: the RAKP key is the password, at most 20 bytes.
    if (o.protocol === 'ipmi' && Buffer.byteLength(password) > 20)
      throw invalidArgument('bmc option password: IPMI passwords are at most 20 bytes');
    const { password: _, ...rest } = spec.options;
    return { macs: spec.macs, options: { ...rest, sealed_password: this.#box.seal(spec.id, password) } };
  }

  async destroy(): Promise<void> {
    // Nothing was made: the machine and its BMC stay as they are.
  }

  power(node: Node, action: PowerAction): Promise<void> {
    return this.#call(node, (d) => d.power(action));
  }

  /** Power on and boot from the network once (a cycle when the machine is already on). */
  pxe(node: Node): Promise<void> {
    return this.#call(node, (d) => d.pxe(node.firmware !== 'bios'));
  }

  async observe(node: Node): Promise<PowerState | undefined> {
    const o = parseBmcOptions(node.provider.options);
    // The reconciler asks often: skip a BMC still busy with a call rather than queue behind it.
    if (this.#queue.isBusy(bmcAddress(o))) return undefined;
    const s = await this.#call(node, (d) => d.status());
    return s === 'unknown' ? undefined : s;
  }

  #call<T>(node: Node, fn: (d: BmcDriver) => Promise<T>): Promise<T> {
    const o = parseBmcOptions(node.provider.options);
    const password = this.#box.open(node.id, node.provider.options['sealed_password'] ?? '');
    return this.#queue.run(bmcAddress(o), this.#waitMs, () => fn(bmcDriver(o, password, this.#timing)));
  }
}
