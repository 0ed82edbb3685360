/**
 * Many DHCP clients at once, simulated the way perfdhcp does it: this process acts as a relay
 * (giaddr = its address, port 67) inside a lab namespace, so every reply comes back to one
 * socket. Each client does DISCOVER/OFFER/REQUEST/ACK, or INIT-REBOOT for an address it holds,
 * retransmitting after a timeout; every ACK and NAK is recorded for the test to check.
 */

import {
  type DhcpMessage,
  decodeMessage,
  emptyMessage,
  encodeMessage,
  messageType,
  OPTION,
  readOption,
  setMessageType,
  setOption,
} from '@paddock/dhcp-codec';
import { openUdp, type UdpSocket } from '@paddock/netio';

export interface Ack {
  mac: string;
  address: string;
  at: number;
}

interface Sim {
  mac: Uint8Array;
  name: string;
  xid: number;
  /** Offered (selecting) or held (init-reboot) address. */
  address: string | undefined;
  phase: 'discover' | 'select' | 'reboot' | 'bound';
  sentAt: number;
}

/** Every address ACKed to two different clients: none may exist where no lease is released. */
export function doubleHanded(acks: readonly Ack[]): string[] {
  const holder = new Map<string, string>();
  const bad: string[] = [];
  for (const a of acks) {
    const h = holder.get(a.address);
    if (h !== undefined && h !== a.mac) bad.push(`${a.address}: ${h} and ${a.mac}`);
    holder.set(a.address, a.mac);
  }
  return bad;
}

export class LoadClients {
  readonly acks: Ack[] = [];
  readonly naks: { mac: string; address: string }[] = [];
  readonly #socket: UdpSocket;
  readonly #sims: Sim[];
  readonly #byXid = new Map<number, Sim>();
  readonly #o: { giaddr: string; server: string; timeoutMs: number; window: number };

  /** Sends from now on to another server (the first one died): as a relay with two helper addresses. */
  serveFrom(server: string): void {
    this.#o.server = server;
  }

  constructor(o: {
    netns: string;
    ifname: string;
    giaddr: string;
    server: string;
    clients: number;
    timeoutMs?: number;
    window?: number;
    /** The MACs' second byte: client sets that must not overlap take different ones. */
    macByte?: number;
  }) {
    this.#o = { giaddr: o.giaddr, server: o.server, timeoutMs: o.timeoutMs ?? 300, window: o.window ?? 64 };
    this.#socket = openUdp({ interface: o.ifname, port: 67, netns: o.netns });
    this.#socket.on('message', (d) => this.#receive(d.data));
    this.#sims = Array.from({ length: o.clients }, (_, i) => {
      const mac = Uint8Array.of(2, o.macByte ?? 0x4c, 0, (i >> 16) & 255, (i >> 8) & 255, i & 255);
      const name = Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join(':');
      return { mac, name, xid: 0, address: undefined, phase: 'discover', sentAt: 0 };
    });
  }

  /** Clients holding an address go back to INIT-REBOOT (as after a reboot); the rest start over. */
  reboot(): void {
    for (const s of this.#sims) {
      s.phase = s.address !== undefined && s.phase === 'bound' ? 'reboot' : 'discover';
      if (s.phase === 'discover') s.address = undefined;
      s.sentAt = 0;
    }
  }

  /** Address each client is bound to. */
  bound(): Map<string, string> {
    return new Map(this.#sims.filter((s) => s.phase === 'bound').map((s) => [s.name, s.address!]));
  }

  get done(): boolean {
    return this.#sims.every((s) => s.phase === 'bound');
  }

  /** Drives the clients until every one is bound, `until` says stop, or timeoutMs passes. */
  async run(timeoutMs: number, until: () => boolean = () => false): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!this.done && !until() && Date.now() < end) {
      const now = Date.now();
      let out = this.#sims.filter(
        (s) => s.phase !== 'bound' && s.sentAt !== 0 && now - s.sentAt < this.#o.timeoutMs,
      ).length;
      for (const s of this.#sims) {
        if (out >= this.#o.window) break;
        if (s.phase === 'bound' || (s.sentAt !== 0 && now - s.sentAt < this.#o.timeoutMs)) continue;
        // A lost OFFER or ACK: start the exchange again, as a client does after its timeout.
        if (s.phase === 'select' && s.sentAt !== 0) s.phase = 'discover';
        this.#send(s);
        out++;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  #send(s: Sim): void {
    this.#byXid.delete(s.xid);
    s.xid = (Math.random() * 0xffffffff) >>> 0;
    this.#byXid.set(s.xid, s);
    let m: DhcpMessage = { ...emptyMessage(), xid: s.xid, chaddr: s.mac, hops: 1, giaddr: this.#o.giaddr };
    if (s.phase === 'discover') m = setMessageType(m, 'DHCPDISCOVER');
    else {
      m = setOption(setMessageType(m, 'DHCPREQUEST'), OPTION.requestedIp, s.address!);
      if (s.phase === 'select') m = setOption(m, OPTION.serverId, this.#o.server);
    }
    const bytes = encodeMessage(m);
    if (bytes.ok) this.#socket.send(bytes.bytes, this.#o.server, 67);
    s.sentAt = Date.now();
  }

  #receive(data: Uint8Array): void {
    const d = decodeMessage(data);
    if (!d.ok) return;
    const s = this.#byXid.get(d.message.xid);
    if (!s) return;
    const type = messageType(d.message);
    if (type === 'DHCPOFFER' && s.phase === 'discover') {
      s.phase = 'select';
      s.address = d.message.yiaddr;
      this.#send(s);
    } else if (type === 'DHCPACK' && (s.phase === 'select' || s.phase === 'reboot')) {
      s.phase = 'bound';
      s.address = d.message.yiaddr;
      this.acks.push({ mac: s.name, address: s.address, at: Date.now() });
      this.#byXid.delete(s.xid);
    } else if (type === 'DHCPNAK') {
      this.naks.push({ mac: s.name, address: s.address ?? readOption(d.message, OPTION.requestedIp) ?? '' });
      s.phase = 'discover';
      s.address = undefined;
      s.sentAt = 0;
    }
  }

  close(): void {
    this.#socket.close();
  }
}
