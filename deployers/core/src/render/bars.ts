import type { DeployEvent } from '../engine/events.ts';

/** One line per host for a terminal: a bar of steps done, and what it is doing now. Pure. */
export interface HostLine {
  host: string;
  stage: string;
  done: number;
  total: number;
  now: string;
  state: 'running' | 'ok' | 'failed';
}

export function updateLines(lines: Map<string, HostLine>, e: DeployEvent): void {
  if (e.kind === 'step') {
    const done = e.status === 'unchanged' || e.status === 'changed' || e.status === 'resumed' ? e.index + 1 : e.index;
    lines.set(e.host, {
      host: e.host,
      stage: e.stage,
      done,
      total: e.total,
      now: e.status === 'failed' ? `${e.title}: ${e.detail}` : `${e.title} (${e.status})`,
      state: e.status === 'failed' ? 'failed' : 'running',
    });
  } else if (e.kind === 'host') {
    const l = lines.get(e.host);
    if (l && e.outcome === 'ok') {
      lines.set(e.host, { ...l, done: l.total, state: 'ok', now: `${e.changed} changed, ${e.unchanged} unchanged` });
    }
  }
}

export function formatBar(l: HostLine, width = 20, nameWidth = 12): string {
  const filled = l.total === 0 ? width : Math.round((l.done / l.total) * width);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
  const mark = l.state === 'ok' ? 'ok ' : l.state === 'failed' ? 'ERR' : '...';
  return `${l.host.padEnd(nameWidth)} ${mark} [${bar}] ${l.done}/${l.total} ${l.stage}: ${l.now}`;
}
