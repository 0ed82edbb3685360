/**
 * QMP, QEMU's machine protocol: one JSON object per line each way (docs/interop/qmp-spec).
 * Pure: lines in, messages out. A command's reply carries the `id` we gave it; events and the
 * greeting carry none.
 */
export type QmpMessage =
  | { kind: 'greeting'; version: string }
  | { kind: 'return'; id: string | undefined; value: unknown }
  | { kind: 'error'; id: string | undefined; errorClass: string; desc: string }
  | { kind: 'event'; event: string }
  | { kind: 'invalid'; reason: string };

export function decodeQmp(line: string): QmpMessage {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { kind: 'invalid', reason: `not JSON: ${line.slice(0, 80)}` };
  }
  if (typeof v !== 'object' || v === null) return { kind: 'invalid', reason: 'not an object' };
  const o = v as Record<string, unknown>;
  const id = typeof o['id'] === 'string' ? o['id'] : undefined;
  if ('QMP' in o) {
    const q = (o['QMP'] as { version?: { qemu?: { major?: number; minor?: number; micro?: number } } }) ?? {};
    const ver = q.version?.qemu;
    return { kind: 'greeting', version: ver ? `${ver.major}.${ver.minor}.${ver.micro}` : '' };
  }
  if ('return' in o) return { kind: 'return', id, value: o['return'] };
  if ('error' in o) {
    const e = (o['error'] ?? {}) as { class?: unknown; desc?: unknown };
    return { kind: 'error', id, errorClass: String(e.class ?? ''), desc: String(e.desc ?? '') };
  }
  if (typeof o['event'] === 'string') return { kind: 'event', event: o['event'] };
  return { kind: 'invalid', reason: 'neither greeting, return, error nor event' };
}

export function encodeQmp(execute: string, id: string, args?: Record<string, unknown>): string {
  return `${JSON.stringify({ execute, ...(args ? { arguments: args } : {}), id })}\n`;
}

/** Splits a byte stream into lines, keeping a partial last line for the next chunk. */
export class LineSplitter {
  #rest = '';

  push(chunk: string): string[] {
    const parts = (this.#rest + chunk).split('\n');
    this.#rest = parts.pop() ?? '';
    return parts.map((l) => l.trim()).filter((l) => l !== '');
  }
}
