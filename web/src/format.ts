/** Display helpers; uptime and times come from the server as int64 milliseconds (bigint). */

/** "4d 03:02:01", or "03:02:01" under a day: fixed width, so a ticking value does not jump. */
export function formatUptime(ms: bigint | number): string {
  const total = Math.max(0, Math.floor(Number(ms) / 1000));
  const days = Math.floor(total / 86_400);
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor((total % 86_400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}

/** An absolute time in ISO form without milliseconds; "—" when the server sent none. */
export function formatTime(unixMs: bigint | number): string {
  const n = Number(unixMs);
  if (!n) return '—';
  return `${new Date(n).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
