/**
 * The probes a port scan's plan calls for, behind one function: TCP by connect(2) or by SYN
 * from a packet socket, UDP with protocol payloads and ICMP. Raw methods need the service's
 * interface (and CAP_NET_RAW); asking for them without one is a clear error.
 */
import type { PortScanPlan } from './port-scan-options.ts';
import type { ProbeResult } from './probe-result.ts';
import { rawConnectProbe } from './raw-connect.ts';
import { SynScanner } from './syn-scan.ts';
import { UdpScanner } from './udp-scan.ts';

export interface ProbeEngine {
  /** Settles once the engine can probe (a SYN scan first resolves the targets' MACs). */
  ready: Promise<void>;
  probe(ip: string, port: number, protocol: 'tcp' | 'udp'): Promise<ProbeResult>;
  close(): void;
}

export function probeEngine(plan: PortScanPlan, where: { interface: string | undefined; netns?: string }): ProbeEngine {
  const needsInterface = plan.udp || plan.syn;
  if (needsInterface && !where.interface) {
    throw new RangeError('UDP and SYN scans send from the scanning interface: start the server with --interface IF');
  }
  const ifname = where.interface ?? '';
  const udp = plan.udp
    ? new UdpScanner({ interface: ifname, netns: where.netns, timeoutMs: plan.timeoutMs, retries: plan.udpRetries })
    : undefined;
  const syn =
    plan.tcp && plan.syn
      ? new SynScanner({ interface: ifname, netns: where.netns, timeoutMs: plan.timeoutMs, hosts: plan.hosts })
      : undefined;
  return {
    ready: syn?.ready ?? Promise.resolve(),
    probe(ip, port, protocol) {
      if (protocol === 'udp') return udp!.probe(ip, port);
      return syn ? syn.probe(ip, port) : rawConnectProbe(ip, port, plan.timeoutMs, where.netns);
    },
    close() {
      udp?.close();
      syn?.close();
    },
  };
}
