/** How the scanner page writes its values. */
import type { Node, OpenPort } from '@paddock/proto/scanner/v1/scanner.ts';
import { type WakeRecord, WakeState } from '@paddock/proto/scanner/v1/wake.ts';

/** Sort key of a dotted IPv4 address; missing ones sort last. */
export function ipOrder(ip: string | undefined): number {
  if (!ip) return Number.MAX_SAFE_INTEGER;
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function vendorText(n: Node): string {
  return n.vendor?.organization || n.vendor?.note || 'unknown';
}

export function portText(p: OpenPort): string {
  return `${p.port}/${p.protocol === 2 ? 'udp' : 'tcp'}${p.service ? ` ${p.service}` : ''}`;
}

export function nodeState(n: Node): 'conflict' | 'online' | 'offline' {
  return n.conflict ? 'conflict' : n.online ? 'online' : 'offline';
}

export function wakeText(w: WakeRecord | undefined, now = Date.now()): string {
  if (!w) return '';
  switch (w.state) {
    case WakeState.WAKE_STATE_WAKING:
      return `waking… ${Math.max(0, Math.round((now - Number(w.requestedAtUnixMs)) / 1000))} s`;
    case WakeState.WAKE_STATE_AWAKE:
      return `awake after ${((Number(w.finishedAtUnixMs) - Number(w.requestedAtUnixMs)) / 1000).toFixed(1)} s`;
    case WakeState.WAKE_STATE_FAILED:
      return `failed: ${w.detail}`;
    default:
      return '';
  }
}
