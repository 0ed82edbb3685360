import type { GetClusterResponse } from '@paddock/proto/cluster/v1/cluster.ts';

/** `paddock status`'s lines for the store, the site's servers and the roles: one line per member, server and role. */
export function clusterLines(c: GetClusterResponse, now = Date.now()): string[] {
  const lines = [`store      ${c.store} (site ${c.site})`];
  if (c.error) lines.push(`           ${c.error}`);
  for (const m of c.members) {
    const state = m.healthy ? (m.leader ? 'healthy, leader' : 'healthy') : `UNHEALTHY${m.error ? `: ${m.error}` : ''}`;
    lines.push(`  member   ${m.name || m.id} ${m.clientUrls.join(',')} ${state}`);
  }
  lines.push(`server     ${c.server}`);
  for (const x of c.servers) {
    const what = x.error
      ? `unreadable: ${x.error}`
      : `at ${x.grpcAddress}, ${x.version}${x.here ? ', this server' : ''}, for ${Math.round((now - Number(x.sinceUnixMs)) / 1000)} s`;
    lines.push(`  peer     ${x.id}: ${what}`);
  }
  for (const r of c.roles) {
    const who = r.error
      ? `unreadable: ${r.error}`
      : r.holder
        ? `${r.here ? 'this server' : r.holder}${r.sinceUnixMs ? ` for ${Math.round((now - Number(r.sinceUnixMs)) / 1000)} s` : ''}`
        : 'nobody';
    lines.push(`  role     ${r.name}: ${who}`);
  }
  for (const m of c.claims) {
    const who = m.error
      ? `unreadable: ${m.error}`
      : `${m.here ? 'this server' : m.host} for ${Math.round((now - Number(m.sinceUnixMs)) / 1000)} s`;
    lines.push(`  machine  ${m.name || m.machine}: ${who}`);
  }
  return lines;
}
