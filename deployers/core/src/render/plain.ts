import type { DeployEvent } from '../engine/events.ts';

/** Progress as plain lines (not a terminal, or --json off): what changed, what failed, per-host totals. */
export function plainLine(e: DeployEvent): string | undefined {
  switch (e.kind) {
    case 'stage':
      return `== ${e.stage}: ${e.hosts.join(', ')}`;
    case 'step':
      if (e.status === 'applying') return `${e.host}: ${e.title}: applying${e.detail ? ` (${e.detail})` : ''}`;
      if (e.status === 'failed') return `${e.host}: ${e.title}: FAILED: ${e.detail}`;
      return undefined;
    case 'host':
      return e.outcome === 'ok'
        ? `${e.host}: ok, ${e.changed} changed, ${e.unchanged} unchanged${e.changed === 0 ? ' (nothing to change)' : ''}`
        : `${e.host}: FAILED at ${e.error}`;
    case 'done':
      if (e.interrupted)
        return `interrupted; ${e.changed} change(s) made; the next run resumes where each host stopped`;
      if (!e.ok)
        return `failed on ${e.failedHosts.join(', ')}; ${e.changed} change(s) made; the next run resumes there`;
      return e.changed === 0
        ? 'done: nothing changed, every step was already in place'
        : `done: ${e.changed} change(s)`;
  }
}
