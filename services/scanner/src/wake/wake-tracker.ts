/**
 * Follows one wake: sends the magic packet on the WakePlan's schedule and watches for the
 * machine: any frame whose source is its MAC (a waking machine ARPs, asks DHCP, announces
 * itself), a reply to our ARP requests for its address, or an ICMP echo reply.
 */
import {
  ARP_REPLY,
  arpRequestFrame,
  decodeArpFrame,
  ETH_P_ALL,
  openIcmp,
  openPacket,
  PacketType,
} from '@paddock/netio';
import { macToBytes } from '@paddock/wire';
import { describeInterface } from '../scan/scan-interface.ts';
import { WakePlan, type WakePlanOptions } from './wake-plan.ts';
import { wake } from './wake-send.ts';

export interface TrackOptions {
  interface: string;
  netns?: string;
  mac: string;
  /** Its address, to probe; without one only its own frames tell it is up. */
  ip?: string;
  password?: string;
  port?: number;
  plan: WakePlanOptions;
  signal: AbortSignal;
  onProgress(p: { packetsSent: number; probesSent: number }): void;
}

export interface TrackResult {
  awake: boolean;
  detail: string;
  packetsSent: number;
  probesSent: number;
}

export function trackWake(o: TrackOptions): Promise<TrackResult> {
  const netns = o.netns === undefined ? {} : { netns: o.netns };
  const iface = describeInterface(o.interface, o.netns);
  const target = macToBytes(o.mac);
  const frames = openPacket({ interface: o.interface, protocol: ETH_P_ALL, ...netns });
  const icmp = o.ip ? openIcmp({ interface: o.interface, ...netns }) : undefined;
  const plan = new WakePlan(o.plan, Date.now());
  const counts = { packetsSent: 0, probesSent: 0 };
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    const finish = (awake: boolean, detail: string) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      o.signal.removeEventListener('abort', onAbort);
      frames.close();
      icmp?.close();
      resolve({ awake, detail, ...counts });
    };
    const onAbort = () => finish(false, 'cancelled: the server shut down');
    frames.on('message', (f) => {
      if (f.pkttype === PacketType.outgoing || !target.every((b, i) => f.frame[6 + i] === b)) return;
      const arp = decodeArpFrame(f.frame);
      finish(true, arp.ok && arp.value.op === ARP_REPLY ? 'arp reply' : 'frame from the MAC');
    });
    const probe = () => {
      if (!o.ip) return;
      counts.probesSent += 2;
      frames.send(arpRequestFrame(iface.mac, iface.senderFor(o.ip), o.ip));
      icmp?.ping(o.ip, o.plan.probeEveryMs).then(
        (rtt) => rtt !== null && finish(true, 'echo reply'),
        () => {},
      );
    };
    const step = () => {
      const s = plan.next(Date.now());
      if ('expired' in s) return finish(false, `no answer within ${Math.round(o.plan.timeoutMs / 100) / 10} s`);
      if (s.send) {
        wake(o.mac, { interface: o.interface, password: o.password, port: o.port, ...netns });
        counts.packetsSent++;
      }
      if (s.probe) probe();
      if (s.send || s.probe) o.onProgress({ ...counts });
      timer = setTimeout(step, Math.max(0, s.wakeAt - Date.now()));
    };
    o.signal.addEventListener('abort', onAbort, { once: true });
    try {
      step();
    } catch (err) {
      finish(false, `could not send: ${(err as Error).message}`);
    }
  });
}
