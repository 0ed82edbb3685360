/**
 * What the sandboxed build child and the server say to each other: the job's spec goes in as
 * one JSON argument; out come JSON lines on stdout (progress, then one result or one error).
 * The child's stderr is the job's log.
 */
import type { CachedFile } from '@paddock/builders';

export interface ChildSpec {
  recipe: string;
  params: Record<string, unknown>;
  inputsDir: string;
  cacheDir: string;
  noCache: boolean;
}

export type ChildMessage =
  | { progress: { step: string; percent: number; bytes?: number } }
  | { result: { key: string; hit: boolean; files: CachedFile[] } }
  | { error: string };

/** One stdout line, or undefined for a line that is not a message (counted by the reader). */
export function parseChildLine(line: string): ChildMessage | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object') return undefined;
  const m = v as Record<string, unknown>;
  if (typeof m['error'] === 'string') return { error: m['error'] };
  const p = m['progress'] as Record<string, unknown> | undefined;
  if (p && typeof p['step'] === 'string' && typeof p['percent'] === 'number')
    return {
      progress: {
        step: p['step'].slice(0, 64),
        percent: Math.max(0, Math.min(100, Math.round(p['percent']))),
        ...(typeof p['bytes'] === 'number' && { bytes: p['bytes'] }),
      },
    };
  const r = m['result'] as Record<string, unknown> | undefined;
  if (r && typeof r['key'] === 'string' && typeof r['hit'] === 'boolean' && Array.isArray(r['files']))
    return { result: r as { key: string; hit: boolean; files: CachedFile[] } };
  return undefined;
}
