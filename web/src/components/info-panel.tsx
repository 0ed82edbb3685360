import type { ServiceInfo } from '@paddock/proto/system/v1/system.ts';
import { formatTime } from '../format.ts';

/** What GetInfo says about this server, as a two-column table. */
export function InfoPanel({ info }: { info: ServiceInfo }) {
  const rows: [string, string][] = [
    ['Name', info.name],
    ['Version', info.version],
    ['Hostname', info.hostname],
    ['gRPC address', info.grpcAddress],
    ['HTTP address', info.httpAddress],
    ['Started', formatTime(info.startedAtUnixMs)],
    ['Security', info.insecure ? 'insecure (no TLS, no authentication)' : 'TLS, token or client certificate'],
  ];
  return (
    <section className="panel" aria-labelledby="info-title">
      <h2 id="info-title">This server</h2>
      <table className="kv">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Services offered</h3>
      <ul className="services" aria-label="Services offered">
        {info.services.map((s) => (
          <li key={s}>
            <code>{s}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
