import type { ObservedWireguard } from '../plan/observed.ts';

/**
 * `wg show IFACE dump` (wg(8)): a first line "private-key public-key listen-port fwmark", then one
 * line per peer "public-key preshared-key endpoint allowed-ips latest-handshake rx tx keepalive",
 * tab-separated, with "(none)" for unset values.
 */
export function parseWgDump(text: string): ObservedWireguard {
  const [head, ...rest] = text.split('\n').filter((l) => l.length > 0);
  const h = (head ?? '').split('\t');
  const none = (v: string | undefined) => (v === undefined || v === '(none)' || v === '' ? undefined : v);
  const peers = rest.map((line) => {
    const f = line.split('\t');
    const allowed = none(f[3]);
    const handshakeAt = Number(f[4] ?? 0) || 0;
    const keepalive = Number(f[7]) || 0;
    return {
      publicKey: f[0] ?? '',
      endpoint: none(f[2]),
      allowedIps: allowed ? allowed.split(',') : [],
      handshakeAt,
      keepalive,
    };
  });
  return { privateKey: none(h[0]), listenPort: Number(h[2] ?? 0), peers };
}
