import { isIP } from 'node:net';
import { z } from 'zod';

/** A listen address "host:port" or "[v6]:port"; port 0 picks a free port. */
export interface ListenAddress {
  host: string;
  port: number;
}

export function parseListen(text: string): ListenAddress {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (!m || !host || port > 65535)
    throw new RangeError(`expected host:port (e.g. 0.0.0.0:7400 or [::1]:7400), got ${JSON.stringify(text)}`);
  return { host, port };
}

export function formatListen(a: ListenAddress): string {
  return isIP(a.host) === 6 ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}

export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/** zod schema for a listen address, so a bad value fails at start naming the key (give defaults with `.prefault(text)` so they are parsed too). */
export const listenSchema = z.string().transform((text, ctx) => {
  try {
    return parseListen(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});
