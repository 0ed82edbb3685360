import { timingSafeEqual } from 'node:crypto';
import { concat, le32 } from './bytes.ts';
import type { CipherSuite } from './cipher-suite.ts';
import { deriveKeys, hmac, type SessionKeys } from './crypto.ts';
import { decodeResponse, encodeRequest, type IpmiResponse } from './message.ts';
import * as rakp from './rakp.ts';
import { decodeSessionPacket, encodeSessionPacket, PayloadType, type SessionPacket } from './session-packet.ts';

export interface SessionConfig {
  username: string;
  password: string;
  suite: CipherSuite;
  /** Privilege asked for: 4 (administrator) is what Chassis Control needs on most BMCs. */
  privilege: number;
  /** Random bytes (session IDs, RAKP nonce, AES IVs): injected so tests are repeatable. */
  random(n: number): Uint8Array;
}

/** Why a session could not go on: `auth` is the user's credentials, the rest the BMC's side. */
export interface SessionFailure {
  kind: 'auth' | 'refused' | 'protocol';
  message: string;
}

export type Step =
  | { kind: 'send'; packet: Uint8Array }
  | { kind: 'active' }
  | { kind: 'response'; response: IpmiResponse }
  | { kind: 'fail'; failure: SessionFailure }
  | { kind: 'drop'; reason: string };

type Phase = 'idle' | 'open' | 'rakp1' | 'rakp3' | 'active' | 'failed';
const NAME_ONLY_LOOKUP = 0x10;
const WRONG_CREDENTIALS = 'authentication failed (wrong user name or password)';

/**
 * One RMCP+ session as a pure state machine (IPMI 2.0 §13.15): Open Session, RAKP 1-4, then
 * authenticated and encrypted requests. It never touches a socket or a timer: the shell sends
 * what `begin`/`receive`/`request` return and feeds back what arrives.
 */
export class IpmiSession {
  readonly #c: SessionConfig;
  #phase: Phase = 'idle';
  readonly #tag = 0;
  readonly #consoleId: number;
  #bmcId = 0;
  #consoleRandom: Uint8Array = new Uint8Array(0);
  #bmcGuid: Uint8Array = new Uint8Array(0);
  #role = 0;
  #keys: SessionKeys | undefined;
  #seq = 0;
  #rqSeq = 0;

  constructor(c: SessionConfig) {
    this.#c = c;
    // Zero means "no session"; any other value names ours in every packet the BMC sends back.
    this.#consoleId = (new DataView(c.random(4).buffer).getUint32(0) | 1) >>> 0;
  }

  get phase(): Phase {
    return this.#phase;
  }

  get bmcSessionId(): number {
    return this.#bmcId;
  }

  begin(): Uint8Array {
    this.#phase = 'open';
    return this.#plain(
      PayloadType.openSessionRequest,
      rakp.encodeOpenSessionRequest(this.#tag, this.#consoleId, this.#c.suite),
    );
  }

  receive(bytes: Uint8Array): Step {
    const sec = this.#keys ? { suite: this.#c.suite, keys: this.#keys } : undefined;
    const d = decodeSessionPacket(bytes, sec);
    if (!d.ok) return { kind: 'drop', reason: d.reason };
    const p = d.value;
    switch (this.#phase) {
      case 'open':
        return p.payloadType === PayloadType.openSessionResponse ? this.#onOpen(p) : unexpected(p, 'open');
      case 'rakp1':
        return p.payloadType === PayloadType.rakp2 ? this.#onRakp2(p) : unexpected(p, 'RAKP 1');
      case 'rakp3':
        return p.payloadType === PayloadType.rakp4 ? this.#onRakp4(p) : unexpected(p, 'RAKP 3');
      case 'active':
        return this.#onMessage(p);
      default:
        return { kind: 'drop', reason: `packet while the session is ${this.#phase}` };
    }
  }

  /** An authenticated, encrypted request in the active session; `rqSeq` matches its answer. */
  request(netFn: number, cmd: number, data: Uint8Array): { packet: Uint8Array; rqSeq: number } {
    if (this.#phase !== 'active' || !this.#keys) throw new Error(`IPMI request while the session is ${this.#phase}`);
    this.#rqSeq = (this.#rqSeq % 63) + 1;
    this.#seq = (this.#seq + 1) >>> 0 || 1;
    const payload = encodeRequest({ netFn, cmd, rqSeq: this.#rqSeq, data });
    const packet = encodeSessionPacket(
      { payloadType: PayloadType.ipmi, sessionId: this.#bmcId, seq: this.#seq, payload },
      { suite: this.#c.suite, keys: this.#keys, iv: this.#c.random(16) },
    );
    return { packet, rqSeq: this.#rqSeq };
  }

  #plain(payloadType: number, payload: Uint8Array): Uint8Array {
    return encodeSessionPacket({ payloadType, sessionId: 0, seq: 0, payload });
  }

  #fail(kind: SessionFailure['kind'], message: string): Step {
    this.#phase = 'failed';
    return { kind: 'fail', failure: { kind, message } };
  }

  #onOpen(p: SessionPacket): Step {
    const d = rakp.decodeOpenSessionResponse(p.payload);
    if (!d.ok) return { kind: 'drop', reason: `Open Session Response: ${d.reason}` };
    const r = d.value;
    if (r.consoleSessionId !== this.#consoleId)
      return { kind: 'drop', reason: 'Open Session Response for another session' };
    if (r.status !== 0) return this.#fail('refused', `refused the session: ${rakp.rakpStatusText(r.status)}`);
    const s = this.#c.suite;
    if (r.auth !== s.auth || r.integrity !== s.integrity || r.confidentiality !== s.confidentiality)
      return this.#fail('refused', `answered with other algorithms than cipher suite ${s.id}`);
    this.#bmcId = r.bmcSessionId;
    this.#consoleRandom = this.#c.random(16);
    this.#role = NAME_ONLY_LOOKUP | this.#c.privilege;
    this.#phase = 'rakp1';
    const m = {
      tag: this.#tag,
      bmcSessionId: this.#bmcId,
      consoleRandom: this.#consoleRandom,
      role: this.#role,
      username: this.#username(),
    };
    return { kind: 'send', packet: this.#plain(PayloadType.rakp1, rakp.encodeRakp1(m)) };
  }

  #onRakp2(p: SessionPacket): Step {
    const d = rakp.decodeRakp2(p.payload, this.#c.suite);
    if (!d.ok) return { kind: 'drop', reason: `RAKP 2: ${d.reason}` };
    const r = d.value;
    if (r.consoleSessionId !== this.#consoleId) return { kind: 'drop', reason: 'RAKP 2 for another session' };
    if (r.status === 0x0d) return this.#fail('auth', WRONG_CREDENTIALS);
    if (r.status !== 0) return this.#fail('refused', `refused the session: ${rakp.rakpStatusText(r.status)}`);
    const name = this.#username();
    const tail = concat(Uint8Array.of(this.#role, name.length), name);
    const kuid = this.#password();
    // §13.31: the BMC proves it knows the password; a mismatch means ours is not the one it has.
    const want = hmac(
      this.#c.suite,
      kuid,
      le32(this.#consoleId),
      le32(this.#bmcId),
      this.#consoleRandom,
      r.bmcRandom,
      r.bmcGuid,
      tail,
    );
    if (!timingSafeEqual(want, r.keyExchangeCode)) return this.#fail('auth', WRONG_CREDENTIALS);
    // Kg is the user's key when the BMC has no BMC key set (§13.31, "one-key logins").
    this.#keys = deriveKeys(this.#c.suite, hmac(this.#c.suite, kuid, this.#consoleRandom, r.bmcRandom, tail));
    this.#bmcGuid = r.bmcGuid;
    this.#phase = 'rakp3';
    const code = hmac(this.#c.suite, kuid, r.bmcRandom, le32(this.#consoleId), tail);
    return { kind: 'send', packet: this.#plain(PayloadType.rakp3, rakp.encodeRakp3(this.#tag, 0, this.#bmcId, code)) };
  }

  #onRakp4(p: SessionPacket): Step {
    const d = rakp.decodeRakp4(p.payload, this.#c.suite);
    if (!d.ok) return { kind: 'drop', reason: `RAKP 4: ${d.reason}` };
    const r = d.value;
    if (r.consoleSessionId !== this.#consoleId) return { kind: 'drop', reason: 'RAKP 4 for another session' };
    if (r.status === 0x0f || r.status === 0x0d) return this.#fail('auth', WRONG_CREDENTIALS);
    if (r.status !== 0) return this.#fail('refused', `refused the session: ${rakp.rakpStatusText(r.status)}`);
    const keys = this.#keys!;
    const want = hmac(this.#c.suite, keys.sik, this.#consoleRandom, le32(this.#bmcId), this.#bmcGuid).slice(
      0,
      this.#c.suite.integrityLength,
    );
    if (!timingSafeEqual(want, r.integrityCheck))
      return this.#fail('protocol', 'RAKP 4 integrity check failed: the session keys disagree');
    this.#phase = 'active';
    return { kind: 'active' };
  }

  #onMessage(p: SessionPacket): Step {
    if (p.payloadType !== PayloadType.ipmi) return unexpected(p, 'the active session');
    if (!p.authenticated) return { kind: 'drop', reason: 'unauthenticated message in an authenticated session' };
    if (p.sessionId !== this.#consoleId) return { kind: 'drop', reason: 'message for another session' };
    const d = decodeResponse(p.payload);
    return d.ok ? { kind: 'response', response: d.value } : { kind: 'drop', reason: d.reason };
  }

  #username(): Uint8Array {
    return new TextEncoder().encode(this.#c.username);
  }

  #password(): Uint8Array {
    return new TextEncoder().encode(this.#c.password);
  }
}

function unexpected(p: SessionPacket, phase: string): Step {
  return { kind: 'drop', reason: `payload type 0x${p.payloadType.toString(16)} unexpected in ${phase}` };
}
