/**
 * The I/O shell of an ARP scan (RFC 826 requests, arp-scan's method): one packet socket on the
 * interface; the ProbeScheduler says what to send and when, judgeArpFrame what each received
 * frame means. Frames are handled as they arrive (no queue), and only asked addresses are
 * kept, each with at most MAX_MACS_PER_IP MACs, so a reply flood costs CPU but not memory.
 */
import { performance } from 'node:perf_hooks';
import { arpRequestFrame, ETH_P_ARP, openPacket, type PacketFrame } from '@paddock/netio';
import { type Probe, ProbeScheduler, type RetryPolicy } from './probe-scheduler.ts';
import { type DropReason, judgeArpFrame } from './reply-policy.ts';

const MAX_MACS_PER_IP = 8;

export interface ArpScanOptions {
  interface: string;
  /** Open the socket in this network namespace (tests). */
  netns?: string;
  targets: readonly string[];
  /** Our address and MAC, put in each request (RFC 826 sender fields). */
  senderIp: string;
  senderMac: string;
  policy: RetryPolicy;
  signal?: AbortSignal;
  /** Called for each new (address, MAC) pair as it is found. */
  onSighting?(s: ArpSighting): void;
}

export interface ArpSighting {
  ip: string;
  mac: string;
  rttMs: number;
}

export interface ArpScanResult {
  sightings: ArpSighting[];
  sent: number;
  dropped: Partial<Record<DropReason | 'send-queue-full', number>>;
  durationMs: number;
}

export function arpScan(opts: ArpScanOptions): Promise<ArpScanResult> {
  const socket = openPacket({ interface: opts.interface, protocol: ETH_P_ARP, netns: opts.netns });
  const started = performance.now();
  const scheduler = new ProbeScheduler(opts.targets, opts.policy, started);
  const macsByIp = new Map<string, Set<string>>();
  const sightings: ArpSighting[] = [];
  const dropped: ArpScanResult['dropped'] = {};
  const drop = (reason: keyof ArpScanResult['dropped']) => {
    dropped[reason] = (dropped[reason] ?? 0) + 1;
  };
  const ctx = { ourMac: opts.senderMac, asked: (ip: string) => scheduler.asked(ip) };
  /** Re-plans at once (set below): when the last target answers, the scan need not wait. */
  let replan = () => {};

  const onFrame = (f: PacketFrame) => {
    const v = judgeArpFrame(f.frame, f.pkttype, ctx);
    if (v.kind === 'drop') return drop(v.reason);
    const macs = macsByIp.get(v.ip) ?? new Set<string>();
    if (macs.has(v.mac)) return;
    if (macs.size >= MAX_MACS_PER_IP) return drop('too-many-macs');
    macs.add(v.mac);
    macsByIp.set(v.ip, macs);
    const now = performance.now();
    const sighting = { ip: v.ip, mac: v.mac, rttMs: scheduler.answer(v.ip, now) ?? now - started };
    sightings.push(sighting);
    opts.onSighting?.(sighting);
    if (scheduler.answeredCount === opts.targets.length) replan();
  };
  const send = (p: Probe) => {
    if (!socket.send(arpRequestFrame(opts.senderMac, opts.senderIp, p.target))) drop('send-queue-full');
  };

  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (err?: Error) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.off('message', onFrame);
      socket.close();
      if (err) reject(err);
      else resolve({ sightings, sent: scheduler.sent, dropped, durationMs: performance.now() - started });
    };
    const onAbort = () => finish(new Error('scan cancelled'));
    const step = () => {
      try {
        const now = performance.now();
        const { send: probes, wakeAt } = scheduler.next(now);
        for (const p of probes) send(p);
        if (wakeAt === undefined) return finish();
        timer = setTimeout(step, Math.max(0, wakeAt - now));
      } catch (err) {
        finish(err as Error);
      }
    };
    replan = () => {
      clearTimeout(timer);
      step();
    };
    socket.on('message', onFrame);
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    step();
  });
}
