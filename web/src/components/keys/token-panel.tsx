import { KeyServiceDefinition, type Token } from '@paddock/proto/keys/v1/keys.ts';
import { useState } from 'react';
import { formatTime } from '../../format.ts';
import { unary } from '../../grpc/index.ts';
import { relative } from '../../keys/keys-state.ts';
import { useCallOptions } from '../../session-context.ts';
import { RowButton } from '../row-button.tsx';
import { TableHead } from '../table-head.tsx';

/** Issues a bootstrap token for a node; the token text is shown once (only its hash is kept). */
export function TokenForm({ onError }: { onError(e: string | undefined): void }) {
  const call = useCallOptions();
  const [node, setNode] = useState('');
  const [addresses, setAddresses] = useState('');
  const [issued, setIssued] = useState<string>();
  const submit = async () => {
    try {
      const list = addresses.split(/[\s,]+/).filter(Boolean);
      const r = await unary(KeyServiceDefinition, 'createToken', { node, addresses: list, ttlSeconds: 0 }, call);
      setIssued(`${r.token} (for ${node})`);
      onError(undefined);
    } catch (err) {
      setIssued(undefined);
      onError((err as Error).message);
    }
  };
  return (
    <form
      className="edit-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label className="field">
        Node name
        <input value={node} placeholder="node-1" onChange={(e) => setNode(e.target.value)} />
      </label>
      <label className="field">
        Addresses
        <input value={addresses} placeholder="10.0.0.5, node-1.lab" onChange={(e) => setAddresses(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit">Issue token</button>
      </div>
      {issued && (
        <p className="actions">
          Shown once: <output aria-label="New token">{issued}</output>
        </p>
      )}
    </form>
  );
}

/** Every token, newest first: its node, state, lifetime and what its one attempt came to. */
export function TokenTable(props: { tokens: Token[]; now: number; onRevoke(id: string): void }) {
  return (
    <table className="grid-table" aria-label="Tokens">
      <TableHead columns={['Token', 'Node', 'State', 'Issued', 'Expires', 'Outcome', '']} />
      <tbody>
        {props.tokens.map((t) => {
          const live = t.state === 'live' && Number(t.expiresAtUnixMs) > props.now;
          const state = t.state === 'live' && !live ? 'expired' : t.state;
          return (
            <tr key={t.id}>
              <td>
                <code>{t.id}</code>
              </td>
              <td>{t.node}</td>
              <td>
                <span className={`state state-${state}`}>{state}</span>
              </td>
              <td>{formatTime(t.createdAtUnixMs)}</td>
              <td title={formatTime(t.expiresAtUnixMs)}>{live ? relative(t.expiresAtUnixMs, props.now) : '—'}</td>
              <td>{t.outcome}</td>
              <td>
                {live && (
                  <RowButton text="Revoke" label={`Revoke token ${t.id}`} onClick={() => props.onRevoke(t.id)} />
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
