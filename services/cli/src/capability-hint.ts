/**
 * Which Linux capability a failed privileged operation needed, so a server started without root
 * (a systemd unit with AmbientCapabilities=, or `setpriv`) says what to grant instead of a bare
 * EPERM. Packet and raw sockets need CAP_NET_RAW, ports below 1024 CAP_NET_BIND_SERVICE, forced
 * socket buffers and TAP devices CAP_NET_ADMIN.
 */
export function capabilityHint(err: unknown): string | undefined {
  const e = err as { code?: unknown; message?: unknown };
  if (e.code !== 'EPERM' && e.code !== 'EACCES') return undefined;
  const what = String(e.message ?? '');
  if (/\b(bind|listen)\b.*:(\d+)/.test(what) && Number(/:(\d+)\b/.exec(what)?.[1]) < 1024) {
    return 'CAP_NET_BIND_SERVICE (ports below 1024)';
  }
  if (/^socket (AF_PACKET|ICMP)|raw socket/i.test(what)) return 'CAP_NET_RAW (packet and raw sockets)';
  if (/BUFFORCE|TUNSETIFF|SIOCSIF/.test(what)) return 'CAP_NET_ADMIN';
  return undefined;
}
