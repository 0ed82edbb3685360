import { setTimeout as sleep } from 'node:timers/promises';
import { BmcError } from '../bmc-error.ts';
import { type HttpAnswer, httpJson } from './http-json.ts';
import { chooseResetType, type RedfishAction } from './reset-type.ts';
import {
  type ComputerSystem,
  errorMessage,
  type Read,
  readCollection,
  readServiceRoot,
  readSystem,
  readTaskState,
} from './resources.ts';

export interface RedfishTarget {
  /** Scheme and authority of the service, e.g. https://10.0.0.5 (the root is /redfish/v1). */
  url: string;
  username: string;
  password: string;
  verifyTls: boolean;
  /** The ComputerSystem's Id or @odata.id when the service manages several; else the only one. */
  system?: string;
}

export interface RedfishTiming {
  requestTimeoutMs: number;
  /** How long an asynchronous reset (202 and a task monitor) may take. */
  taskTimeoutMs: number;
}

export const DEFAULT_REDFISH_TIMING: RedfishTiming = { requestTimeoutMs: 10_000, taskTimeoutMs: 120_000 };
export type BootTarget = 'Pxe' | 'UefiHttp';

/** A Redfish client for the one ComputerSystem a Paddock node is. */
export class RedfishClient {
  readonly #t: RedfishTarget;
  readonly #timing: RedfishTiming;
  readonly #base: URL;

  constructor(t: RedfishTarget, timing: RedfishTiming = DEFAULT_REDFISH_TIMING) {
    this.#t = t;
    this.#timing = timing;
    this.#base = new URL(t.url);
  }

  get #address(): string {
    return this.#base.host;
  }

  async system(): Promise<ComputerSystem> {
    const root = this.#read(await this.#get('/redfish/v1/'), '/redfish/v1/', readServiceRoot);
    const members = this.#read(await this.#get(root.systems), root.systems, readCollection);
    const want = this.#t.system;
    const pick = want ? members.find((m) => m === want || m.replace(/\/$/, '').endsWith(`/${want}`)) : members[0];
    if (!pick || (!want && members.length > 1))
      throw this.#error(
        'command',
        want
          ? `no system ${want} among ${members.join(', ')}`
          : `${members.length} systems: name one with the option system=`,
      );
    return this.#read(await this.#get(pick), pick, readSystem);
  }

  async powerState(): Promise<'on' | 'off' | undefined> {
    const ps = (await this.system()).powerState;
    return ps === 'On' || ps === 'PoweringOff' ? 'on' : ps === 'Off' || ps === 'PoweringOn' ? 'off' : undefined;
  }

  /** Resets the system with the type this action maps to, waiting for an asynchronous task. */
  async reset(action: RedfishAction, sys?: ComputerSystem): Promise<string> {
    const s = sys ?? (await this.system());
    const type = chooseResetType(action, s.resetTypes);
    if (typeof type !== 'string') throw this.#error('command', type.error);
    const a = await this.#call('POST', s.resetTarget, { ResetType: type });
    this.#check(a, `Reset (${type})`);
    if (a.status === 202) await this.#waitTask(a, `Reset (${type})`);
    return type;
  }

  /** A one-time boot override (Boot.BootSourceOverrideEnabled Once) to network boot. */
  async bootOnce(target: BootTarget, sys?: ComputerSystem): Promise<void> {
    const s = sys ?? (await this.system());
    if (s.bootTargets.length > 0 && !s.bootTargets.includes(target))
      throw this.#error('command', `cannot boot from ${target}: the system allows only ${s.bootTargets.join(', ')}`);
    const a = await this.#call('PATCH', s.uri, {
      Boot: { BootSourceOverrideTarget: target, BootSourceOverrideEnabled: 'Once' },
    });
    this.#check(a, `boot override to ${target}`);
    if (a.status === 202) await this.#waitTask(a, `boot override to ${target}`);
  }

  #get(path: string): Promise<HttpAnswer> {
    return this.#call('GET', path);
  }

  async #call(method: string, path: string, body?: unknown): Promise<HttpAnswer> {
    const url = new URL(path, this.#base);
    const o = { ...this.#t, timeoutMs: this.#timing.requestTimeoutMs };
    return httpJson(method, url, body, o).catch((err: Error) => {
      throw this.#error('unreachable', `${method} ${url.pathname}: ${err.message}`);
    });
  }

  #read<T>(a: HttpAnswer, path: string, reader: (body: unknown, where: string) => Read<T>): T {
    this.#check(a, `GET ${path}`);
    const r = reader(a.body, path);
    if (!r.ok) throw this.#error('protocol', r.reason);
    return r.value;
  }

  #check(a: HttpAnswer, what: string): void {
    if (a.status >= 200 && a.status < 300) return;
    const said = errorMessage(a.body);
    const detail = said ? `: ${said}` : '';
    if (a.status === 401) throw this.#error('auth', 'authentication failed (wrong user name or password)');
    if (a.status === 403) throw this.#error('auth', `${what} forbidden: the user lacks the privilege${detail}`);
    if (a.status === 503 || a.status === 429)
      throw this.#error('busy', `${what}: the BMC is busy (HTTP ${a.status})${detail}; try again`);
    throw this.#error('command', `${what} failed with HTTP ${a.status}${detail}`);
  }

  /** Polls the task monitor (DSP0266 §13.2): 202 while running, then the operation's answer. */
  async #waitTask(first: HttpAnswer, what: string): Promise<void> {
    if (!first.location) throw this.#error('protocol', `${what}: HTTP 202 without a Location to follow`);
    const deadline = Date.now() + this.#timing.taskTimeoutMs;
    let wait = 250;
    for (;;) {
      const a = await this.#get(first.location);
      const task = readTaskState(a.body);
      if (a.status !== 202) {
        this.#check(a, what);
        if (task && task.state !== 'Completed')
          throw this.#error('command', `${what}: task ended ${task.state}${task.message ? `: ${task.message}` : ''}`);
        return;
      }
      if (Date.now() + wait > deadline)
        throw this.#error(
          'busy',
          `${what}: task still ${task?.state ?? 'running'} after ${this.#timing.taskTimeoutMs / 1000} s`,
        );
      await sleep(a.retryAfterS !== undefined ? Math.min(a.retryAfterS * 1000, 5000) : wait);
      wait = Math.min(wait * 2, 5000);
    }
  }

  #error(kind: ConstructorParameters<typeof BmcError>[0], message: string): BmcError {
    return new BmcError(kind, this.#address, message);
  }
}
