import { KeyServiceDefinition } from '@paddock/proto/keys/v1/keys.ts';
import { useEffect, useState } from 'react';
import { serverStream, unary } from '../../grpc/index.ts';
import { useWatch } from '../../hooks/use-watch.ts';
import { applyKeysEvent, EMPTY, nodesOf, sortedCerts, sortedTokens } from '../../keys/keys-state.ts';
import { useCallOptions } from '../../session-context.ts';
import { ErrorAlert } from '../error-alert.tsx';
import { LiveIndicator } from '../live-indicator.tsx';
import { CertificateTable, NodeKeysTable } from './key-tables.tsx';
import { TokenForm, TokenTable } from './token-panel.tsx';

/** Expiry and token states are relative to now: re-render each half minute (and at each change). */
function useTick(everyMs = 30_000): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
}

/** The keys page: nodes and their certificates with expiry, every certificate, tokens; revoke; live. */
export function KeysPage() {
  const call = useCallOptions();
  const watch = useWatch(
    () => EMPTY,
    (fromRevision, signal) =>
      serverStream(KeyServiceDefinition, 'watchKeys', { watch: { fromRevision } }, { ...call, signal }),
    applyKeysEvent,
    call,
  );
  const stream = { ...watch, ...watch.state };
  useTick();
  const now = Date.now();
  const [error, setError] = useState<string>();
  const revoke = (target: string) => {
    if (!window.confirm(`Revoke ${target}? Every Paddock service refuses its certificates at once.`)) return;
    unary(KeyServiceDefinition, 'revoke', { target, reason: 'revoked in the console' }, call)
      .then(() => setError(undefined))
      .catch((err: Error) => setError(err.message));
  };
  const nodes = nodesOf(stream);
  const tokens = sortedTokens(stream);
  const certs = sortedCerts(stream);
  return (
    <>
      <h1>Keys</h1>
      <ErrorAlert error={error} />
      <section className="panel" aria-labelledby="nodes-title">
        <div className="panel-head">
          <h2 id="nodes-title">Nodes</h2>
          <LiveIndicator stream={stream} />
        </div>
        {stream.synced && nodes.length === 0 && <p className="empty">No node has enrolled yet.</p>}
        {nodes.length > 0 && <NodeKeysTable nodes={nodes} now={now} onRevoke={revoke} />}
      </section>
      <section className="panel" aria-labelledby="tokens-title">
        <h2 id="tokens-title">Bootstrap tokens</h2>
        <TokenForm onError={setError} />
        {stream.synced && tokens.length === 0 && <p className="empty">No tokens yet.</p>}
        {tokens.length > 0 && <TokenTable tokens={tokens} now={now} onRevoke={revoke} />}
      </section>
      <section className="panel" aria-labelledby="certs-title">
        <h2 id="certs-title">Certificates</h2>
        {stream.synced && certs.length === 0 && <p className="empty">No certificates yet.</p>}
        {certs.length > 0 && <CertificateTable certs={certs} now={now} onRevoke={revoke} />}
      </section>
    </>
  );
}
