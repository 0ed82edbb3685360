/** What one probe of one port found. */
export type PortStateName = 'open' | 'closed' | 'filtered' | 'open|filtered';

export interface ProbeResult {
  ip: string;
  port: number;
  protocol: 'tcp' | 'udp';
  state: PortStateName;
  reason: string;
  rttMs: number;
}
