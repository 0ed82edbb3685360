import { describe, expect, it } from 'vitest';
import type { DeployEvent } from '../engine/events.ts';
import { formatBar, type HostLine, updateLines } from './bars.ts';
import { progressPrinter } from './terminal.ts';

const step = (status: string, index: number): DeployEvent =>
  ({
    kind: 'step',
    stage: 'etcd',
    host: 'n1',
    step: 's',
    title: 'write config',
    status,
    index,
    total: 4,
  }) as DeployEvent;

describe('progress rendering', () => {
  it('a bar per host fills as steps finish', () => {
    const lines = new Map<string, HostLine>();
    updateLines(lines, step('changed', 1));
    expect(formatBar(lines.get('n1')!, 8)).toBe('n1           ... [####----] 2/4 etcd: write config (changed)');
    updateLines(lines, { kind: 'host', stage: 'etcd', host: 'n1', outcome: 'ok', changed: 2, unchanged: 2 });
    expect(formatBar(lines.get('n1')!, 8)).toMatch(/ok {2}\[########\] 4\/4 etcd: 2 changed, 2 unchanged/);
  });

  it('plain lines when not a terminal, redrawn bars when it is', () => {
    let plain = '';
    const p = progressPrinter({ write: (s: string) => (plain += s), isTTY: false });
    p(step('applying', 0));
    p({ kind: 'done', ok: true, changed: 0, failedHosts: [], interrupted: false });
    expect(plain).toBe('n1: write config: applying\ndone: nothing changed, every step was already in place\n');
    let tty = '';
    const t = progressPrinter({ write: (s: string) => (tty += s), isTTY: true });
    t(step('checking', 0));
    t(step('changed', 0));
    expect(tty).toContain('\x1b[1A\x1b[2K');
    expect(tty).not.toContain('\x1b[2A');
  });
});
