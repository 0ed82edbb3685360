import { decodeMessage, encodeMessage, maxReplyLength, OPTION, readOption } from '@paddock/dhcp-codec';
import { openUdp, type UdpDatagram, type UdpSocket } from '@paddock/netio';
import { type ProxyContext, type ProxyPort, proxyVerdict } from './proxy-policy.ts';

export interface ProxyServerOptions extends ProxyContext {
  /** The one interface to listen on; proxyDHCP never listens anywhere else. */
  interface: string;
  /** Ports to bind, 67 and 4011 unless a test moves them. */
  ports?: { offer: number; boot: number };
  onDrop?(reason: string, port: ProxyPort): void;
  onReply?(port: ProxyPort): void;
}

/**
 * The proxyDHCP shell: two sockets bound to the named interface only (SO_BINDTODEVICE), each
 * datagram decoded, judged by proxyVerdict, encoded and sent. Every drop is reported with its
 * reason; nothing here decides anything.
 */
export class ProxyDhcpServer {
  readonly #o: ProxyServerOptions;
  readonly #sockets: UdpSocket[] = [];

  constructor(options: ProxyServerOptions) {
    this.#o = options;
  }

  start(): void {
    const ports = this.#o.ports ?? { offer: 67, boot: 4011 };
    // 67 on 0.0.0.0 (within the interface): DISCOVERs go to 255.255.255.255. 4011 on our
    // address: boot server requests are unicast to option 54.
    const offer = openUdp({ interface: this.#o.interface, port: ports.offer });
    this.#sockets.push(offer);
    const boot = openUdp({ interface: this.#o.interface, port: ports.boot, address: this.#o.serverAddress });
    this.#sockets.push(boot);
    offer.on('message', (d) => this.#handle(offer, d, 67));
    boot.on('message', (d) => this.#handle(boot, d, 4011));
    for (const s of this.#sockets) s.on('error', () => this.#o.onDrop?.('socket error', 67));
  }

  get ports(): { offer: number; boot: number } {
    return { offer: this.#sockets[0]?.port ?? 0, boot: this.#sockets[1]?.port ?? 0 };
  }

  close(): void {
    for (const s of this.#sockets.splice(0)) s.close();
  }

  #handle(socket: UdpSocket, d: UdpDatagram, port: ProxyPort): void {
    const dropped = this.#answer(socket, d);
    if (dropped) this.#o.onDrop?.(dropped, port);
    else this.#o.onReply?.(port);
  }

  /** Decodes, judges, encodes and sends; the reason when nothing was sent. */
  #answer(socket: UdpSocket, d: UdpDatagram): string | undefined {
    const port: ProxyPort = socket === this.#sockets[0] ? 67 : 4011;
    const decoded = decodeMessage(d.data);
    if (!decoded.ok) return `undecodable: ${decoded.reason.code}`;
    let verdict: ReturnType<typeof proxyVerdict>;
    try {
      verdict = proxyVerdict(decoded.message, port, d.remote, this.#o);
    } catch (err) {
      return `internal error: ${(err as Error).message}`;
    }
    if (verdict.kind === 'drop') return verdict.reason;
    const maxLength = maxReplyLength(readOption(decoded.message, OPTION.maxMessageSize));
    const encoded = encodeMessage(verdict.reply, { maxLength });
    if (!encoded.ok) return `cannot encode reply: ${encoded.reason.code}`;
    try {
      return socket.send(encoded.bytes, verdict.to.address, verdict.to.port) ? undefined : 'send queue full';
    } catch (err) {
      return `send failed: ${(err as Error).message}`;
    }
  }
}
