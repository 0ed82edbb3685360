import type { DeployEvent } from '../engine/events.ts';
import { formatBar, type HostLine, updateLines } from './bars.ts';
import { plainLine } from './plain.ts';

/**
 * Live progress: on a terminal, one bar per host redrawn in place (ANSI cursor-up and
 * erase-line); elsewhere (CI logs, pipes) plain lines, which never garble a log file.
 */
export function progressPrinter(out: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean }) {
  if (!out.isTTY) {
    return (e: DeployEvent) => {
      const line = plainLine(e);
      if (line) out.write(`${line}\n`);
    };
  }
  const lines = new Map<string, HostLine>();
  let drawn = 0;
  return (e: DeployEvent) => {
    updateLines(lines, e);
    const columns = (out as NodeJS.WriteStream).columns ?? 120;
    const width = Math.max(...[...lines.keys()].map((h) => h.length), 4);
    let s = drawn > 0 ? `\x1b[${drawn}A` : '';
    for (const l of lines.values()) s += `\x1b[2K${formatBar(l, 20, width).slice(0, columns - 1)}\n`;
    drawn = lines.size;
    if (e.kind === 'done') s += `${plainLine(e)}\n`;
    out.write(s);
  };
}
