import { ByteReader, ByteWriter } from '@paddock/wire';

/** RFC 1350 §5 opcodes, plus OACK from RFC 2347. */
export const Opcode = { rrq: 1, wrq: 2, data: 3, ack: 4, error: 5, oack: 6 } as const;

/** RFC 1350 §5 error codes (8 from RFC 2347). */
export const ErrorCode = {
  undefined: 0,
  fileNotFound: 1,
  accessViolation: 2,
  diskFull: 3,
  illegalOperation: 4,
  unknownTransferId: 5,
  fileExists: 6,
  noSuchUser: 7,
  optionRefused: 8,
} as const;

export type TftpMode = 'netascii' | 'octet' | 'mail';

/** One option; names are lower-cased on decode because RFC 2347 makes them case-insensitive. */
export interface TftpOption {
  name: string;
  value: string;
}

export type TftpPacket =
  | { op: 'rrq' | 'wrq'; filename: string; mode: TftpMode; options: TftpOption[] }
  | { op: 'data'; block: number; data: Uint8Array }
  | { op: 'ack'; block: number }
  | { op: 'error'; code: number; message: string }
  | { op: 'oack'; options: TftpOption[] };

export type DecodeResult = { ok: true; packet: TftpPacket } | { ok: false; reason: string };

const MODES: readonly TftpMode[] = ['netascii', 'octet', 'mail'];
const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** A sender's text as it may appear in a reason: short, so a reason never carries a whole datagram. */
function clip(s: string): string {
  return JSON.stringify(s.length > 32 ? `${s.slice(0, 32)}…` : s);
}

function text(r: ByteReader, bytes: Uint8Array, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    r.fail(`${what} is not valid UTF-8`);
    return '';
  }
}

/** Option pairs until the end; a run of NUL padding at the end is tolerated (some ROMs pad). */
function decodeOptions(r: ByteReader): TftpOption[] {
  const options: TftpOption[] = [];
  while (r.ok && r.remaining > 0) {
    const name = text(r, r.cstring('option name'), 'option name').toLowerCase();
    if (name === '' && r.rest().every((b) => b === 0)) break;
    if (name === '') r.fail('empty option name');
    const what = `value of option ${clip(name)}`;
    const value = text(r, r.cstring(what), what);
    options.push({ name, value });
  }
  return options;
}

function decodeBody(r: ByteReader, opcode: number): TftpPacket | undefined {
  switch (opcode) {
    case Opcode.rrq:
    case Opcode.wrq: {
      const filename = text(r, r.cstring('filename'), 'filename');
      // RFC 1350 §5: the mode is case-insensitive.
      const mode = text(r, r.cstring('mode'), 'mode').toLowerCase();
      if (r.ok && !MODES.includes(mode as TftpMode)) r.fail(`unknown mode ${clip(mode)}`);
      const options = decodeOptions(r);
      return { op: opcode === Opcode.rrq ? 'rrq' : 'wrq', filename, mode: mode as TftpMode, options };
    }
    case Opcode.data:
      return { op: 'data', block: r.u16('block'), data: r.rest() };
    case Opcode.ack:
      return { op: 'ack', block: r.u16('block') };
    case Opcode.error: {
      const code = r.u16('error code');
      // Some clients omit the message's terminating NUL, others pad after it: take up to a NUL.
      const rest = r.rest();
      const nul = rest.indexOf(0);
      return { op: 'error', code, message: new TextDecoder().decode(nul < 0 ? rest : rest.subarray(0, nul)) };
    }
    case Opcode.oack:
      return { op: 'oack', options: decodeOptions(r) };
    default:
      r.fail(`unknown opcode ${opcode}`);
      return undefined;
  }
}

/** Decodes one TFTP datagram. Never throws. */
export function decodePacket(bytes: Uint8Array): DecodeResult {
  const r = new ByteReader(bytes);
  const opcode = r.u16('opcode');
  const packet = r.ok ? decodeBody(r, opcode) : undefined;
  const problem = r.finish();
  if (problem !== undefined || packet === undefined) return { ok: false, reason: problem ?? 'undecodable' };
  return { ok: true, packet };
}

function writeOptions(w: ByteWriter, options: readonly TftpOption[]): void {
  for (const o of options) w.cstring(encoder.encode(o.name)).cstring(encoder.encode(o.value));
}

/** Encodes one TFTP packet. */
export function encodePacket(p: TftpPacket): Uint8Array {
  const w = new ByteWriter(p.op === 'data' ? 4 + p.data.length : 64);
  switch (p.op) {
    case 'rrq':
    case 'wrq':
      w.u16(p.op === 'rrq' ? Opcode.rrq : Opcode.wrq);
      w.cstring(encoder.encode(p.filename)).cstring(encoder.encode(p.mode));
      writeOptions(w, p.options);
      break;
    case 'data':
      w.u16(Opcode.data).u16(p.block).bytes(p.data);
      break;
    case 'ack':
      w.u16(Opcode.ack).u16(p.block);
      break;
    case 'error':
      w.u16(Opcode.error).u16(p.code).cstring(encoder.encode(p.message));
      break;
    case 'oack':
      w.u16(Opcode.oack);
      writeOptions(w, p.options);
      break;
  }
  return w.finish();
}
