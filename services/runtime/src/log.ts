import { type Logger, pino } from 'pino';

export type { Logger };

/** Structured JSON logs on stderr (stdout stays free for a command's own output). */
export function createLogger(opts: { name: string; level?: string }): Logger {
  return pino({ name: opts.name, level: opts.level ?? 'info', base: { pid: process.pid } }, pino.destination(2));
}
