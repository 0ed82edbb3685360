import { randomBytes } from 'node:crypto';
import { BmcError } from '../bmc-error.ts';
import { type Command, closeSession, completionText, setSessionPrivilege } from './chassis.ts';
import { type CipherSuite, cipherSuite } from './cipher-suite.ts';
import { IpmiSession, type Step } from './session.ts';
import { DEFAULT_TIMING, type Timing, UdpShell } from './udp-shell.ts';

export interface IpmiTarget {
  host: string;
  port: number;
  username: string;
  password: string;
  cipherSuite: number;
  /** 4 administrator (default), 3 operator. */
  privilege?: number;
}

/**
 * An IPMI-over-LAN client for one BMC: opens an RMCP+ session, sends commands through it and
 * closes it. When an established session stops answering (the BMC expired or forgot it), an
 * idempotent command is retried once in a fresh session.
 */
export class IpmiClient {
  readonly #t: IpmiTarget;
  readonly #suite: CipherSuite;
  readonly #timing: Timing;
  readonly #shell: UdpShell;
  readonly #address: string;
  #session: IpmiSession | undefined;

  private constructor(t: IpmiTarget, suite: CipherSuite, shell: UdpShell, timing: Timing) {
    this.#t = t;
    this.#suite = suite;
    this.#shell = shell;
    this.#timing = timing;
    this.#address = t.port === 623 ? t.host : `${t.host}:${t.port}`;
  }

  static async connect(t: IpmiTarget, timing: Timing = DEFAULT_TIMING): Promise<IpmiClient> {
    const address = t.port === 623 ? t.host : `${t.host}:${t.port}`;
    const suite = cipherSuite(t.cipherSuite);
    if (typeof suite === 'string') throw new BmcError('refused', address, suite);
    const shell = await UdpShell.open(t.host, t.port).catch((err: Error) => {
      throw new BmcError('unreachable', address, `cannot reach ${address} (${err.message})`);
    });
    const c = new IpmiClient(t, suite, shell, timing);
    try {
      await c.#open();
    } catch (err) {
      shell.close();
      throw err;
    }
    return c;
  }

  /** Datagrams ignored so far (garbage, late or altered answers). */
  get dropped(): number {
    return this.#shell.dropped;
  }

  /** Sends a command and returns its answer's data; a non-zero completion code throws. */
  async send(cmd: Command): Promise<Uint8Array> {
    try {
      return await this.#sendOnce(cmd);
    } catch (err) {
      if (!(err instanceof BmcError && err.failure === 'unreachable' && cmd.idempotent)) throw err;
      await this.#open();
      return this.#sendOnce(cmd);
    }
  }

  /** Closes the session (best effort: a lost answer still frees the socket). */
  async close(): Promise<void> {
    const s = this.#session;
    if (s?.phase === 'active')
      await this.#sendOnce(closeSession(s.bmcSessionId), { ...this.#timing, attempts: 1 }).catch(() => {});
    this.#shell.close();
  }

  async #open(): Promise<void> {
    const s = new IpmiSession({
      ...this.#t,
      privilege: this.#t.privilege ?? 4,
      suite: this.#suite,
      random: (n) => new Uint8Array(randomBytes(n)),
    });
    this.#session = s;
    let packet = s.begin();
    for (;;) {
      const step = await this.#shell.exchange(
        () => packet,
        (b) => this.#judge(s.receive(b)),
        this.#timing,
      );
      if (!step) throw this.#silence('opening a session');
      if (step.kind === 'active') break;
      if (step.kind === 'send') packet = step.packet;
    }
    await this.#sendOnce(setSessionPrivilege(this.#t.privilege ?? 4));
  }

  async #sendOnce(cmd: Command, timing = this.#timing): Promise<Uint8Array> {
    const s = this.#session!;
    let rqSeq = -1;
    const packet = () => {
      const r = s.request(cmd.netFn, cmd.cmd, cmd.data);
      rqSeq = r.rqSeq;
      return r.packet;
    };
    const pick = (b: Uint8Array) => {
      const step = this.#judge(s.receive(b));
      if (step?.kind !== 'response') return undefined;
      const r = step.response;
      return r.rqSeq === rqSeq && r.cmd === cmd.cmd && r.netFn === cmd.netFn ? r : undefined;
    };
    const t = cmd.idempotent ? timing : { ...timing, attempts: 1 };
    const r = await this.#shell.exchange(packet, pick, t);
    if (!r) {
      const unsure = cmd.idempotent ? '' : ' (not retried: it may have been carried out)';
      throw this.#silence(`${cmd.name}${unsure}`);
    }
    if (r.cc === 0xc0) throw new BmcError('busy', this.#address, `${cmd.name}: ${completionText(r.cc)}; try again`);
    if (r.cc !== 0) throw new BmcError('command', this.#address, `${cmd.name} failed: ${completionText(r.cc)}`);
    return r.data;
  }

  /** Passes answers on, throws on a session failure, and leaves drops to the shell's count. */
  #judge(step: Step): Step | undefined {
    if (step.kind === 'drop') return undefined;
    if (step.kind === 'fail')
      throw new BmcError(
        step.failure.kind === 'auth' ? 'auth' : step.failure.kind,
        this.#address,
        step.failure.message,
      );
    return step;
  }

  #silence(what: string): BmcError {
    const total = this.#timing.timeoutMs * (2 ** this.#timing.attempts - 1);
    const why =
      this.#shell.lastError || (this.#shell.dropped > 0 ? `${this.#shell.dropped} unreadable answers` : 'no answer');
    return new BmcError(
      'unreachable',
      this.#address,
      `${what}: ${why} after ${this.#timing.attempts} tries over ${(total / 1000).toFixed(1)} s`,
    );
  }
}
