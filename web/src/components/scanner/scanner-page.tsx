import { ScannerServiceDefinition } from '@paddock/proto/scanner/v1/scanner.ts';
import { WakeServiceDefinition, WakeState } from '@paddock/proto/scanner/v1/wake.ts';
import { useEffect, useState } from 'react';
import { serverStream, unary } from '../../grpc/index.ts';
import { useWatch } from '../../hooks/use-watch.ts';
import { applyNodeEvent, applyWakeEvent, emptyWatched, latestWakes, sortedNodes } from '../../scanner/scanner-state.ts';
import { useCallOptions } from '../../session-context.ts';
import { LiveIndicator } from '../live-indicator.tsx';
import { ScannerNodeTable } from './scanner-node-table.tsx';

/** The scanner page: the machines on the LAN, live, with vendor, open ports and a wake button each. */
export function ScannerPage() {
  const call = useCallOptions();
  const nodes = useWatch(
    emptyWatched,
    (fromRevision, signal) =>
      serverStream(ScannerServiceDefinition, 'watchNodes', { watch: { fromRevision } }, { ...call, signal }),
    applyNodeEvent,
    call,
  );
  const wakes = useWatch(
    emptyWatched,
    (fromRevision, signal) =>
      serverStream(WakeServiceDefinition, 'watchWakes', { watch: { fromRevision } }, { ...call, signal }),
    applyWakeEvent,
    call,
  );
  const [notice, setNotice] = useState<string>();
  const [scanning, setScanning] = useState(false);
  const byMac = latestWakes(wakes.state);
  const waking = [...byMac.values()].some((w) => w.state === WakeState.WAKE_STATE_WAKING);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!waking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waking]);

  const scan = async () => {
    setScanning(true);
    setNotice(undefined);
    try {
      const options = { cidrs: [], rate: 0, tries: 0, timeoutMs: 0, backoff: 0, fixedTimeout: false };
      const { scan: done } = await unary(ScannerServiceDefinition, 'startScan', { options, wait: true }, call);
      setNotice(`Scan finished: ${done?.sightings.length ?? 0} of ${done?.targets ?? 0} addresses answered.`);
    } catch (err) {
      setNotice(`Scan failed: ${err instanceof Error ? err.message : err}`);
    } finally {
      setScanning(false);
    }
  };
  const wake = async (mac: string, ip: string) => {
    try {
      await unary(WakeServiceDefinition, 'wake', { mac, ip, password: '', timeoutMs: 0, port: 0 }, call);
    } catch (err) {
      setNotice(`Wake of ${mac} failed: ${err instanceof Error ? err.message : err}`);
    }
  };
  const list = sortedNodes(nodes.state);
  return (
    <>
      <h1>Scanner</h1>
      <section className="panel" aria-labelledby="scanner-nodes-title">
        <div className="panel-head">
          <h2 id="scanner-nodes-title">Machines on the LAN</h2>
          <LiveIndicator stream={nodes} />
          <button type="button" onClick={() => void scan()} disabled={scanning}>
            {scanning ? 'Scanning…' : 'Scan now'}
          </button>
        </div>
        {notice && (
          <p role="status" aria-label="Scanner notice">
            {notice}
          </p>
        )}
        {!nodes.live && nodes.error && <p className="warn">Stream interrupted: {nodes.error}</p>}
        {nodes.state.synced && list.length === 0 && <p className="empty">No machines seen yet: run a scan.</p>}
        {list.length > 0 && (
          <ScannerNodeTable nodes={list} wakes={byMac} now={now} onWake={(n) => void wake(n.mac, n.ips[0] ?? '')} />
        )}
      </section>
    </>
  );
}
