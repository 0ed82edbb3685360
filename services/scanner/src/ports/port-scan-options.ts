/** PortScanOptions from the API, checked, with defaults: the plan a port scan runs. */
import { type PortScanOptions, Protocol, TcpMethod } from '@paddock/proto/scanner/v1/scanner.ts';
import { expandTargets } from '../arp/targets.ts';
import { formatPortList, type PortRange, parsePortList, portCount } from './port-list.ts';

/** 10 hosts × 65 535 ports × 2 protocols fits; a /16 × every port does not. */
export const MAX_PROBES = 2_000_000;

export interface PortScanPlan {
  hosts: string[];
  ranges: PortRange[];
  tcp: boolean;
  udp: boolean;
  syn: boolean;
  concurrency: number;
  timeoutMs: number;
  udpRetries: number;
  probes: number;
  /** The options as recorded: defaults written out. */
  options: PortScanOptions;
}

function within(name: string, value: number, lo: number, hi: number): number {
  if (!(value >= lo && value <= hi)) throw new RangeError(`${name} must be between ${lo} and ${hi}, got ${value}`);
  return value;
}

/** Checks the options; a RangeError names the first bad value. */
export function planPortScan(o: PortScanOptions | undefined): PortScanPlan {
  const targets = (o?.targets ?? []).map((t) => t.trim());
  if (targets.length === 0) throw new RangeError('no target: give IPv4 addresses or CIDRs');
  const hosts = expandTargets(targets.map((t) => (t.includes('/') ? t : `${t}/32`)));
  const ranges = parsePortList(o?.ports ?? '');
  const protocols = o?.protocols.length ? o.protocols : [Protocol.PROTOCOL_TCP];
  for (const p of protocols) {
    if (p !== Protocol.PROTOCOL_TCP && p !== Protocol.PROTOCOL_UDP) throw new RangeError(`unknown protocol ${p}`);
  }
  const tcp = protocols.includes(Protocol.PROTOCOL_TCP);
  const udp = protocols.includes(Protocol.PROTOCOL_UDP);
  const syn = o?.tcpMethod === TcpMethod.TCP_METHOD_SYN;
  const probes = hosts.length * portCount(ranges) * ((tcp ? 1 : 0) + (udp ? 1 : 0));
  if (probes > MAX_PROBES) {
    throw new RangeError(
      `${probes} probes is more than the ${MAX_PROBES} one port scan may send: fewer hosts or ports`,
    );
  }
  const concurrency = within('concurrency', o?.concurrency || 512, 1, 4096);
  const timeoutMs = within('timeout_ms', o?.timeoutMs || 1000, 10, 60_000);
  const udpRetries = within('udp_retries', o?.udpRetries || 1, 0, 10);
  return {
    hosts,
    ranges,
    tcp,
    udp,
    syn,
    concurrency,
    timeoutMs,
    udpRetries,
    probes,
    options: {
      targets,
      ports: formatPortList(ranges),
      protocols: [...(tcp ? [Protocol.PROTOCOL_TCP] : []), ...(udp ? [Protocol.PROTOCOL_UDP] : [])],
      tcpMethod: syn ? TcpMethod.TCP_METHOD_SYN : TcpMethod.TCP_METHOD_CONNECT,
      concurrency,
      timeoutMs,
      udpRetries,
    },
  };
}
