import { ConfigError, formatListen, type ListenAddress } from '@paddock/runtime';

const WHY: Record<string, string> = {
  EADDRINUSE: 'address already in use (another server has this port)',
  EADDRNOTAVAIL: 'no interface on this machine has that address',
  EACCES: 'permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)',
};

/**
 * A listener that could not start, as one line naming the flag that chose its address, so the
 * operator knows what to change (`flag` is e.g. "--tftp-listen", or "--interface eth0" when the
 * address came from the interface).
 */
export function listenError(flag: string, what: string, at: ListenAddress, err: unknown): ConfigError {
  const code = (err as { code?: string }).code ?? '';
  const why = WHY[code] ?? (err as Error).message ?? String(err);
  const where = flag.startsWith('--interface') || flag.startsWith('--boot-interface');
  const subject = where ? `${flag} (${what} on ${formatListen(at)})` : `${flag} ${formatListen(at)}`;
  return new ConfigError(`${subject}: cannot listen for ${what}: ${why}`);
}
