/**
 * TCP connect probes (nmap -sT): netio makes the connect(2) call and reports its errno; this
 * file says what that errno means for the port.
 */
import { connectProbe } from '@paddock/netio';
import type { ProbeResult } from './probe-result.ts';

const ERRNO = {
  EISCONN: 106,
  ECONNREFUSED: 111,
  EHOSTUNREACH: 113,
  ENETUNREACH: 101,
  EACCES: 13,
};

/** What an errno from connect or SO_ERROR says about the port. */
export function verdictOf(errno: number): { state: ProbeResult['state']; reason: string } {
  switch (errno) {
    case 0:
    case ERRNO.EISCONN:
      return { state: 'open', reason: 'connected' };
    case ERRNO.ECONNREFUSED:
      return { state: 'closed', reason: 'refused' };
    case ERRNO.EHOSTUNREACH:
      return { state: 'filtered', reason: 'host-unreachable' };
    case ERRNO.ENETUNREACH:
      return { state: 'filtered', reason: 'net-unreachable' };
    case ERRNO.EACCES:
      return { state: 'filtered', reason: 'admin-prohibited' };
    default:
      return { state: 'filtered', reason: `errno-${errno}` };
  }
}

export async function rawConnectProbe(
  ip: string,
  port: number,
  timeoutMs: number,
  netns?: string,
): Promise<ProbeResult> {
  // A port that did not answer is asked once more, as nmap retransmits: a SYN or SYN-ACK lost
  // in a burst (a full backlog on a busy host) must not turn an open port into a filtered one.
  let { errno, rttMs } = await connectProbe(ip, port, timeoutMs, netns);
  if (errno === undefined) ({ errno, rttMs } = await connectProbe(ip, port, timeoutMs, netns));
  const verdict = errno === undefined ? { state: 'filtered' as const, reason: 'no-response' } : verdictOf(errno);
  return { ip, port, protocol: 'tcp', ...verdict, rttMs };
}
