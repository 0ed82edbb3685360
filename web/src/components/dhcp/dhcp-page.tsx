import { DhcpServiceDefinition, type PoolStats } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { useEffect, useState } from 'react';
import { applyLeaseEvent, emptyLeases, sortedLeases } from '../../dhcp/leases-state.ts';
import { serverStream, unary } from '../../grpc/index.ts';
import { useWatch } from '../../hooks/use-watch.ts';
import { useCallOptions } from '../../session-context.ts';
import { LiveIndicator } from '../live-indicator.tsx';
import { LeaseTable } from './lease-table.tsx';
import { PoolUsage } from './pool-usage.tsx';
import { ReservationEditor } from './reservation-editor.tsx';
import { SubnetEditor } from './subnet-editor.tsx';

/** Pool use is counted by the server (offers and reservations included); refreshed this often. */
const STATS_MS = 2000;

/** The DHCP page: leases live from WatchLeases, pool use, and subnets and reservations to edit. */
export function DhcpPage() {
  const call = useCallOptions();
  const leases = useWatch(
    emptyLeases,
    (fromRevision, signal) =>
      serverStream(DhcpServiceDefinition, 'watchLeases', { watch: { fromRevision } }, { ...call, signal }),
    applyLeaseEvent,
    call,
  );
  const [pools, setPools] = useState<PoolStats[]>([]);
  const [notice, setNotice] = useState<string>();
  const [changed, setChanged] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `changed` and the lease revision refresh the counts
  useEffect(() => {
    const stop = new AbortController();
    const load = () =>
      unary(DhcpServiceDefinition, 'getStats', {}, { ...call, signal: stop.signal }).then(
        (s) => setPools(s.pools),
        () => {},
      );
    void load();
    const timer = setInterval(load, STATS_MS);
    return () => {
      stop.abort();
      clearInterval(timer);
    };
  }, [call, changed, leases.state.revision]);

  const revoke = async (address: string) => {
    try {
      await unary(DhcpServiceDefinition, 'releaseLease', { address }, call);
      setNotice(`Revoked ${address}: the client is refused when it next renews.`);
    } catch (err) {
      setNotice(`Revoking ${address} failed: ${err instanceof Error ? err.message : err}`);
    }
  };
  const list = sortedLeases(leases.state);
  return (
    <>
      <h1>DHCP</h1>
      <section className="panel" aria-labelledby="dhcp-pools-title">
        <h2 id="dhcp-pools-title">Pools</h2>
        <PoolUsage pools={pools} />
      </section>
      <section className="panel" aria-labelledby="dhcp-leases-title">
        <div className="panel-head">
          <h2 id="dhcp-leases-title">Leases</h2>
          <LiveIndicator stream={leases} />
        </div>
        {notice && (
          <p role="status" aria-label="DHCP notice">
            {notice}
          </p>
        )}
        {!leases.live && leases.error && <p className="warn">Stream interrupted: {leases.error}</p>}
        {leases.state.synced && list.length === 0 && <p className="empty">No leases yet.</p>}
        {list.length > 0 && <LeaseTable leases={list} onRevoke={(a) => void revoke(a)} />}
      </section>
      <SubnetEditor onChange={() => setChanged((n) => n + 1)} />
      <ReservationEditor onChange={() => setChanged((n) => n + 1)} />
    </>
  );
}
