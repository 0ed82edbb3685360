import type { Certificate } from '@paddock/proto/keys/v1/keys.ts';
import { formatTime } from '../../format.ts';
import { certState, type NodeKeys, relative } from '../../keys/keys-state.ts';
import { RowButton } from '../row-button.tsx';
import { TableHead } from '../table-head.tsx';

const short = (serial: string) => serial.slice(0, 12);

function Expiry({ c, now }: { c: Certificate | undefined; now: number }) {
  if (!c) return <>—</>;
  return <span title={formatTime(c.notAfterUnixMs)}>{relative(c.notAfterUnixMs, now)}</span>;
}

function State({ c, now }: { c: Certificate | undefined; now: number }) {
  const s = c ? certState(c, now) : 'none';
  return <span className={`state state-${s}`}>{s}</span>;
}

/** One row per node that holds a certificate: its identity and SSH host certificate, revoke all of it. */
export function NodeKeysTable(props: { nodes: NodeKeys[]; now: number; onRevoke(node: string): void }) {
  return (
    <table className="grid-table" aria-label="Node identities">
      <TableHead columns={['Node', 'Identity', 'Identity expires', 'SSH host certificate expires', '']} />
      <tbody>
        {props.nodes.map((n) => (
          <tr key={n.node}>
            <td>{n.node}</td>
            <td>
              <State c={n.identity} now={props.now} /> <code>{n.identity && short(n.identity.serial)}</code>
            </td>
            <td>
              <Expiry c={n.identity} now={props.now} />
            </td>
            <td>
              <Expiry c={n.sshHost} now={props.now} />
            </td>
            <td>
              {n.identity && certState(n.identity, props.now) === 'valid' && (
                <RowButton text="Revoke" label={`Revoke node ${n.node}`} onClick={() => props.onRevoke(n.node)} />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every certificate issued, newest first, with its state; revoke one by serial. */
export function CertificateTable(props: { certs: Certificate[]; now: number; onRevoke(serial: string): void }) {
  return (
    <table className="grid-table" aria-label="Certificates">
      <TableHead columns={['Serial', 'Kind', 'Subject', 'Principals', 'Issued', 'Expires', 'State', '']} />
      <tbody>
        {props.certs.map((c) => (
          <tr key={c.serial}>
            <td>
              <code title={c.serial}>{short(c.serial)}</code>
            </td>
            <td>
              {c.kind} {c.role}
            </td>
            <td>{c.subject}</td>
            <td>{c.principals.join(', ')}</td>
            <td>{formatTime(c.issuedAtUnixMs)}</td>
            <td>
              <Expiry c={c} now={props.now} />
            </td>
            <td>
              <State c={c} now={props.now} /> {c.revokeReason}
            </td>
            <td>
              {certState(c, props.now) === 'valid' && (
                <RowButton
                  text="Revoke"
                  label={`Revoke certificate ${short(c.serial)}`}
                  onClick={() => props.onRevoke(c.serial)}
                />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
